package vault

import (
	"reflect"
	"testing"
)

func TestParseRecoveryCodesSplitsWhatWebsitesShow(t *testing.T) {
	tests := []struct {
		name, pasted string
		want         []string
	}{
		{"one a line", "abcd-efgh\nijkl-mnop\n", []string{"abcd-efgh", "ijkl-mnop"}},
		{"Google's numbered list with a space inside each code", "1. 4821 7730\n2. 9184 2206\r\n3. 5562 0917", []string{"4821 7730", "9184 2206", "5562 0917"}},
		{"two columns separated by a tab or several spaces", "aaaaa-11111\tbbbbb-22222\nccccc-33333    ddddd-44444", []string{"aaaaa-11111", "bbbbb-22222", "ccccc-33333", "ddddd-44444"}},
		{"commas and semicolons", "x1y2z3, q4w5e6;r7t8y9", []string{"x1y2z3", "q4w5e6", "r7t8y9"}},
		{"bullets, blank lines and repeats", "• 1111\n\n- 2222\n* 1111\n", []string{"1111", "2222"}},
		{"nothing", "  \n\t\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ParseRecoveryCodes(tc.pasted); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseRecoveryCodes(%q) = %q, want %q", tc.pasted, got, tc.want)
			}
		})
	}
}

func TestAddRecoveryCodesKeepsUsedMarksAndSkipsCodesItHas(t *testing.T) {
	e := Entry{RecoveryCodes: []RecoveryCode{{Code: "1111", Used: true}}}
	if n := e.AddRecoveryCodes([]string{"1111", "2222", "2222", "3333"}); n != 2 {
		t.Errorf("added %d codes, want 2", n)
	}
	want := []RecoveryCode{{Code: "1111", Used: true}, {Code: "2222"}, {Code: "3333"}}
	if !reflect.DeepEqual(e.RecoveryCodes, want) {
		t.Errorf("codes %+v, want %+v", e.RecoveryCodes, want)
	}
}
