package golden

func deliver(c chan<- int) { c <- 1 }
