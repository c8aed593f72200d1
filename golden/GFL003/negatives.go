package golden

type Point struct{ X, Y int }

type Tracker struct {
	ids    []int
	points []Point
	grid   [][4]float64
	jobs   []*Point
	seen   []*Point
}

// Pointer-free elements keep nothing alive when dropped.
func (t *Tracker) trim() {
	t.ids = t.ids[1:]
	t.points = t.points[:len(t.points)-1]
	t.grid = t.grid[:0]
}

// A breadth-first queue in a local variable dies with the function.
func bfs(start *Point, next func(*Point) []*Point) int {
	queue := []*Point{start}
	visited := 0
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		visited++
		queue = append(queue, next(p)...)
	}
	return visited
}

// Already zeroed before reslicing.
func (t *Tracker) popZeroed() *Point {
	p := t.jobs[0]
	t.jobs[0] = nil
	t.jobs = t.jobs[1:]
	return p
}

func (t *Tracker) resetCleared() {
	clear(t.seen)
	t.seen = t.seen[:0]
}

func (t *Tracker) truncateLooped(n int) {
	for i := n; i < len(t.seen); i++ {
		t.seen[i] = nil
	}
	t.seen = t.seen[:n]
}

// Not a drop: the whole slice, or growing it.
func (t *Tracker) grow() {
	t.jobs = t.jobs[:len(t.jobs)]
	t.jobs = t.jobs[0:]
	t.jobs = t.jobs[:len(t.jobs)+1]
}

// A guarded reslice past the length grows the slice within its capacity.
func (t *Tracker) extend(n int) {
	if len(t.jobs) < n && n <= cap(t.jobs) {
		t.jobs = t.jobs[:n]
	}
}

// Each element is zeroed as the loop passes it, so the reslice after an error drops nothing.
func (t *Tracker) process(handle func(*Point) error) error {
	for i, p := range t.seen {
		if err := handle(p); err != nil {
			t.seen = t.seen[i:]
			return err
		}
		t.seen[i] = nil
	}
	t.seen = t.seen[:0]
	return nil
}

// Reslicing another slice into the field is not a drop from the field.
func (t *Tracker) take(all []*Point) {
	t.jobs = all[1:]
}
