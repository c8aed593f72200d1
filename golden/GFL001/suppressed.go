// gofixleak-options: GFL001.any_size
package golden

var (
	short string
	other string
)

func keepShort(s string) {
	//gofixleak:ignore GFL001 s is at most 16 bytes, copying buys nothing
	short = s[:4]
	other = s[4:8] //gofixleak:ignore substring-retention bounded by the protocol
}
