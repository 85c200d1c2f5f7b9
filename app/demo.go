package app

import (
	"sparekey/vault"
)

// demoLinks are the demo's sample keys: made-up accounts with random keys,
// one of each kind of code.
var demoLinks = []string{
	"otpauth://totp/Example%20Mail:ada@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example%20Mail",
	"otpauth://totp/Example%20Bank:ada.lovelace?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example%20Bank&digits=8",
	"otpauth://totp/Photo%20Cloud:ada@example.com?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Photo%20Cloud",
	"otpauth://hotp/Office%20VPN:ada?secret=KRUGKIDROVUWG2ZAMJZG653OEBTG66BA&issuer=Office%20VPN&counter=3",
	"otpauth://steam/Steam:ada_plays?secret=NB2HI4DTHIXS653XO4XHS33VOR2WEZI&issuer=Steam",
	"otpauth://totp/Code%20Forge:ada-l?secret=ONSWG4TFOQQGM33SEBTGS4TTOQQQ&issuer=Code%20Forge&algorithm=SHA256",
}

// demoVault is a throwaway in-memory vault with sample keys: nothing is
// saved and no password is asked.
func demoVault() *vault.Vault {
	v := vault.NewInMemory()
	for _, l := range demoLinks {
		e, _, err := vault.ParseURI(l)
		if err != nil {
			panic("sparekey: demo key " + l + ": " + err.Error())
		}
		if _, _, err := v.Add(e); err != nil {
			panic("sparekey: demo key " + l + ": " + err.Error())
		}
	}
	if e := v.Find("Example Mail"); len(e) == 1 {
		e[0].Note = "Sample key for the demo. The recovery codes below are made up."
		e[0].RecoveryCodes = []vault.RecoveryCode{{Code: "4821-7730"}, {Code: "9184-2206", Used: true}, {Code: "5562-0917"}}
	}
	return v
}
