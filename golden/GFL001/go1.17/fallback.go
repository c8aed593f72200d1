// gofixleak-options: GFL001.any_size
package golden

import "strings"

// Before Go 1.18 there is no strings.Clone: the fix copies through []byte.
var token string

func remember(header string) {
	token = strings.TrimSpace(header)[:8] // want "GFL001 package-level variable token"
}

type Name string

type User struct{ name Name }

func (u *User) SetName(n Name) {
	u.name = n[:4] // want "GFL001 field u.name of the receiver"
}
