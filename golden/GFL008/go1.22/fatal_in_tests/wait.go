// gofixleak-options: GFL008.tests
package golden

func deliver(c chan<- int) { c <- 1 }
