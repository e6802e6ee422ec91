// Command note-interop drives Go's golang.org/x/mod/sumdb/note for Cairn's interoperability
// test (test/interop/go-note.test.ts). It is built in GOPATH mode against Debian's
// golang-golang-x-mod-dev, so it has no go.mod and needs no network.
//
//	note-interop generate NAME            prints a new signer key and verifier key, one a line
//	note-interop sign SKEY_FILE TEXT_FILE prints the note signed by the key in SKEY_FILE
//	note-interop open VKEY_FILE NOTE_FILE prints "ok <name> <key id hex>" per verified
//	                                      signature, then the note text; exits 1 if Go refuses it
//
// Key files are passed to Go byte for byte as Cairn wrote them (with their final newline).
package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "note-interop:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: note-interop generate|sign|open ...")
	}
	switch {
	case args[0] == "generate" && len(args) == 2:
		skey, vkey, err := note.GenerateKey(rand.Reader, args[1])
		if err != nil {
			return err
		}
		fmt.Printf("%s\n%s\n", skey, vkey)
		return nil
	case args[0] == "sign" && len(args) == 3:
		skey, err := os.ReadFile(args[1])
		if err != nil {
			return err
		}
		text, err := os.ReadFile(args[2])
		if err != nil {
			return err
		}
		signer, err := note.NewSigner(string(skey))
		if err != nil {
			return fmt.Errorf("NewSigner: %v", err)
		}
		msg, err := note.Sign(&note.Note{Text: string(text)}, signer)
		if err != nil {
			return fmt.Errorf("Sign: %v", err)
		}
		_, err = os.Stdout.Write(msg)
		return err
	case args[0] == "open" && len(args) == 3:
		vkey, err := os.ReadFile(args[1])
		if err != nil {
			return err
		}
		msg, err := os.ReadFile(args[2])
		if err != nil {
			return err
		}
		verifier, err := note.NewVerifier(strings.TrimSuffix(string(vkey), "\n"))
		if err != nil {
			return fmt.Errorf("NewVerifier: %v", err)
		}
		n, err := note.Open(msg, note.VerifierList(verifier))
		if err != nil {
			return fmt.Errorf("Open: %v", err)
		}
		for _, sig := range n.Sigs {
			fmt.Printf("ok %s %08x\n", sig.Name, sig.Hash)
		}
		fmt.Print(n.Text)
		return nil
	}
	return fmt.Errorf("unknown command or wrong number of arguments: %q", args)
}
