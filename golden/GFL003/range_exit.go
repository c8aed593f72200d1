// gofixleak-options: GFL003.any_owner
package golden

type Widget struct{ name string }

type panel struct {
	widgets []*Widget
}

func (p *panel) add(w *Widget) { p.widgets = append(p.widgets, w) }

// The range stops right after the deletion: no element is read again.
func (p *panel) remove(w *Widget) {
	for i, x := range p.widgets {
		if x == w {
			p.widgets = append(p.widgets[:i], p.widgets[i+1:]...) // want "GFL003 the element this deletion leaves behind at the end of p.widgets keeps its \\*Widget alive"
			return
		}
	}
}

func (p *panel) removeFirst(w *Widget) {
	for i, x := range p.widgets {
		if x == w {
			p.widgets = append(p.widgets[:i], p.widgets[i+1:]...) // want "GFL003 the element this deletion leaves behind at the end of p.widgets keeps its \\*Widget alive"
			break
		}
	}
}

// The range goes on and reads the slot the deletion vacates: zeroing would only be a
// suggestion, and a deletion is reported only with a safe fix.
func (p *panel) removeEvery(w *Widget) {
	for i, x := range p.widgets {
		if x == w {
			p.widgets = append(p.widgets[:i], p.widgets[i+1:]...)
		}
	}
}

type uniqueList[T comparable] struct {
	items []T
}

// Zeroed afterwards through the old header: nothing to report.
func (l *uniqueList[T]) remove(item T) bool {
	for i, v := range l.items {
		if v == item {
			old := l.items
			l.items = append(l.items[:i], l.items[i+1:]...)
			var zero T
			old[len(old)-1] = zero
			return true
		}
	}
	return false
}

type widgetStack []*Widget

func (s *widgetStack) pop() *Widget {
	old := *s
	n := len(old)
	w := old[n-1]
	*s = old[:n-1]
	old[n-1] = nil
	return w
}
