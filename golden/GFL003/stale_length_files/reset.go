package golden

type staleIter struct {
	heap staleHeap
}

func (it *staleIter) reset() {
	it.heap.items = it.heap.items[:0] // want "GFL003 the elements of it.heap.items dropped by resetting it to length 0"
}
