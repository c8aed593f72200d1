package golden

func produce(n int) int { return n }

// Nothing closes lines: the range keeps waiting after the last send.
func count(ns []int) int {
	lines := make(chan int)
	go func() {
		for _, n := range ns {
			lines <- produce(n)
		}
	}()
	total := 0
	for v := range lines { // want "GFL004 this range over lines never ends: nothing closes lines, so the loop blocks forever after the last send"
		total += v
	}
	return total
}

// Several senders: closing needs a WaitGroup.
func countAll(ns []int) int {
	ch := make(chan int)
	for _, n := range ns {
		go func() { ch <- produce(n) }()
	}
	total := 0
	for v := range ch { // want "GFL004 this range over ch never ends: .* \\(a sync.WaitGroup and a goroutine that waits, then closes it\\)"
		total += v
	}
	return total
}

// Closed by the sender: the range ends.
func closed(ns []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, n := range ns {
			ch <- produce(n)
		}
	}()
	total := 0
	for v := range ch {
		total += v
	}
	return total
}

// The loop stops by itself after len(ns) values.
func counted(ns []int) int {
	ch := make(chan int)
	for _, n := range ns {
		go func() { ch <- produce(n) }()
	}
	total, seen := 0, 0
	for v := range ch {
		total += v
		seen++
		if seen == len(ns) {
			break
		}
	}
	return total
}
