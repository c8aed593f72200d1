package golden

import "runtime"

func watch(d *document) {
	runtime.SetFinalizer(d, func(*document) {}) // want "GFL006 finalizer on \\*document, a type that can reach itself \\(document.sections → section.doc → document\\)"
}
