// Command generate re-creates two of Cairn's test vector sets with Go's golang.org/x/mod, an
// implementation independent of Cairn's own code (see ../README.md):
//
//	x-mod-300.json    RFC 6962 hashes, roots and proofs for trees of leaves "leaf-<i>"
//	reference-logs/   C2SP tlog-tiles logs of 0, 1, 300 and 70,000 such leaves, signed with the
//	                  signer key in reference-logs/skey (read, never made: it is fixed)
//
// It is built in GOPATH mode against Debian's golang-golang-x-mod-dev, so it needs no go.mod
// and no network:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run ./test/vectors/generate OUT_DIR SKEY_FILE
//
// Its output is byte-identical to the committed files (Ed25519 is deterministic); compare with
// `diff -r`. Proofs are re-checked with tlog.CheckRecord and tlog.CheckTree before they are
// written.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const (
	vectorLeaves = 300
	tileHeight   = 8
	origin       = "example.com/cairn-reference"
)

var logSizes = []int64{0, 1, 300, 70000}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: generate OUT_DIR SKEY_FILE")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}

func run(out, skeyFile string) error {
	skey, err := os.ReadFile(skeyFile)
	if err != nil {
		return err
	}
	signer, err := note.NewSigner(strings.TrimSpace(string(skey)))
	if err != nil {
		return fmt.Errorf("NewSigner: %v", err)
	}
	store := newHashStore()
	for i := int64(0); i < logSizes[len(logSizes)-1]; i++ {
		if err := store.append(leaf(i)); err != nil {
			return err
		}
	}
	if err := writeXMod(filepath.Join(out, "x-mod-300.json"), store); err != nil {
		return err
	}
	for _, n := range logSizes {
		if err := writeLog(filepath.Join(out, "reference-logs", fmt.Sprintf("log-%d", n)), store, n, signer); err != nil {
			return err
		}
	}
	return nil
}

// leaf is leaf i of every vector tree: the ASCII bytes of "leaf-<i>".
func leaf(i int64) []byte { return []byte(fmt.Sprintf("leaf-%d", i)) }

// hashStore keeps the stored hashes of tlog's layout in memory (tlog.HashReader).
type hashStore struct {
	hashes []tlog.Hash
	leaves [][]byte
}

func newHashStore() *hashStore { return &hashStore{} }

func (s *hashStore) append(data []byte) error {
	hs, err := tlog.StoredHashes(int64(len(s.leaves)), data, s)
	if err != nil {
		return err
	}
	s.hashes = append(s.hashes, hs...)
	s.leaves = append(s.leaves, data)
	return nil
}

func (s *hashStore) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(s.hashes)) {
			return nil, fmt.Errorf("no stored hash %d", x)
		}
		out[i] = s.hashes[x]
	}
	return out, nil
}

// interestingSizes are every size up to 20 and the sizes around powers of two and tile edges.
func interestingSizes() []int64 {
	var sizes []int64
	for n := int64(1); n <= 20; n++ {
		sizes = append(sizes, n)
	}
	return append(sizes, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 150, 200, 255, 256, 257, 299, 300)
}

// inclusionIndexes are every index of a size up to 20; above, the indexes around powers of two,
// a third, half and two thirds of the tree, and the last two.
func inclusionIndexes(size int64) []int64 {
	if size <= 20 {
		all := make([]int64, size)
		for i := range all {
			all[i] = int64(i)
		}
		return all
	}
	set := map[int64]bool{}
	for _, i := range []int64{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257} {
		set[i] = true
	}
	for _, i := range []int64{(size - 1) / 3, (size - 1) / 2, 2 * (size - 1) / 3, size - 2, size - 1} {
		set[i] = true
	}
	var out []int64
	for i := range set {
		if i < size {
			out = append(out, i)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	return out
}

func b64(h tlog.Hash) string { return base64.StdEncoding.EncodeToString(h[:]) }

// jsonString is a JSON string without Go's HTML escaping (the file has a literal "<i>").
func jsonString(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func proofJSON(p []tlog.Hash) string {
	parts := make([]string, len(p))
	for i, h := range p {
		parts[i] = `"` + b64(h) + `"`
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// writeList writes `"name": [` then one item a line, the layout of the committed file.
func writeList(w *bytes.Buffer, name string, items []string, last bool) {
	fmt.Fprintf(w, "  %q: [\n", name)
	for i, it := range items {
		sep := ","
		if i == len(items)-1 {
			sep = ""
		}
		fmt.Fprintf(w, "    %s%s\n", it, sep)
	}
	if last {
		w.WriteString("  ]\n")
	} else {
		w.WriteString("  ],\n")
	}
}

func writeXMod(file string, s *hashStore) error {
	var w bytes.Buffer
	header := [][2]string{
		{"description", "RFC 6962 Merkle tree test vectors made with golang.org/x/mod/sumdb/tlog (StoredHashes, TreeHash, ProveRecord, ProveTree); every proof was re-checked with tlog.CheckRecord / tlog.CheckTree"},
		{"generator", "oracle vectors, golang.org/x/mod from Debian golang-golang-x-mod-dev 0.7.0-1"},
		{"leaf_data", `leaf i (i = 0..n-1) is the ASCII bytes of the string "leaf-<i>", <i> in decimal without leading zeros, no trailing newline: leaf 0 is the 6 bytes "leaf-0", leaf 12 is "leaf-12"`},
		{"leaf_hash", "SHA-256(0x00 || leaf data)"},
		{"node_hash", "SHA-256(0x01 || left child hash || right child hash)"},
		{"encoding", "every hash is 32 bytes in standard base64 with padding (RFC 4648 section 4)"},
		{"proof_order", "index is 0-based; inclusion proofs (RFC 6962 audit paths) and consistency proofs (RFC 6962 / RFC 9162) are ordered from the bottom of the tree up, exactly as tlog returns them"},
	}
	w.WriteString("{\n")
	for _, kv := range header {
		fmt.Fprintf(&w, "  %q: %s,\n", kv[0], jsonString(kv[1]))
	}
	fmt.Fprintf(&w, "  \"n\": %d,\n", vectorLeaves)
	empty := sha256.Sum256(nil)
	fmt.Fprintf(&w, "  \"empty_tree_root\": %q,\n", base64.StdEncoding.EncodeToString(empty[:]))
	fmt.Fprintf(&w, "  \"empty_tree_root_note\": %s,\n", jsonString("size 0: SHA-256 of the empty string (RFC 6962), computed directly; tlog defines no size-0 root"))

	var leafHashes, roots, inclusion, consistency []string
	rootOf := map[int64]tlog.Hash{}
	for i := int64(0); i < vectorLeaves; i++ {
		leafHashes = append(leafHashes, `"`+b64(tlog.RecordHash(s.leaves[i]))+`"`)
		root, err := tlog.TreeHash(i+1, s)
		if err != nil {
			return err
		}
		rootOf[i+1] = root
		roots = append(roots, fmt.Sprintf(`{"size":%d,"root":"%s"}`, i+1, b64(root)))
	}
	sizes := interestingSizes()
	for _, size := range sizes {
		for _, index := range inclusionIndexes(size) {
			p, err := tlog.ProveRecord(size, index, s)
			if err != nil {
				return err
			}
			leafHash := tlog.RecordHash(s.leaves[index])
			if err := tlog.CheckRecord(p, size, rootOf[size], index, leafHash); err != nil {
				return fmt.Errorf("CheckRecord(%d, %d): %v", index, size, err)
			}
			inclusion = append(inclusion, fmt.Sprintf(`{"index":%d,"size":%d,"leaf_hash":"%s","root":"%s","proof":%s}`, index, size, b64(leafHash), b64(rootOf[size]), proofJSON(p)))
		}
	}
	for _, size2 := range sizes {
		for _, size1 := range sizes {
			if size1 > size2 {
				break
			}
			p, err := tlog.ProveTree(size2, size1, s)
			if err != nil {
				return err
			}
			if err := tlog.CheckTree(p, size2, rootOf[size2], size1, rootOf[size1]); err != nil {
				return fmt.Errorf("CheckTree(%d, %d): %v", size1, size2, err)
			}
			consistency = append(consistency, fmt.Sprintf(`{"size1":%d,"root1":"%s","size2":%d,"root2":"%s","proof":%s}`, size1, b64(rootOf[size1]), size2, b64(rootOf[size2]), proofJSON(p)))
		}
	}
	writeList(&w, "leaf_hashes", leafHashes, false)
	writeList(&w, "roots", roots, false)
	writeList(&w, "inclusion", inclusion, false)
	writeList(&w, "consistency", consistency, true)
	w.WriteString("}\n")
	return writeFile(file, w.Bytes())
}

// writeLog writes the tlog-tiles log of the first n leaves: the signed checkpoint, every full
// tile and the partial tiles a tree of size n needs, and for each level-0 tile the entry bundle
// with the same number and width.
func writeLog(dir string, s *hashStore, n int64, signer note.Signer) error {
	var root tlog.Hash
	if n == 0 {
		root = sha256.Sum256(nil)
	} else {
		var err error
		if root, err = tlog.TreeHash(n, s); err != nil {
			return err
		}
	}
	text := fmt.Sprintf("%s\n%d\n%s\n", origin, n, b64(root))
	signed, err := note.Sign(&note.Note{Text: text}, signer)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "checkpoint"), signed); err != nil {
		return err
	}
	for _, t := range finalTiles(tlog.NewTiles(tileHeight, 0, n)) {
		data, err := tlog.ReadTileData(t, s)
		if err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, c2spPath(t, fmt.Sprint(t.L))), data); err != nil {
			return err
		}
		if t.L != 0 {
			continue
		}
		var bundle []byte
		for i := t.N << tileHeight; i < t.N<<tileHeight+int64(t.W); i++ {
			bundle = binary.BigEndian.AppendUint16(bundle, uint16(len(s.leaves[i])))
			bundle = append(bundle, s.leaves[i]...)
		}
		if err := writeFile(filepath.Join(dir, c2spPath(t, "entries")), bundle); err != nil {
			return err
		}
	}
	return nil
}

// finalTiles keeps, of each tile tlog.NewTiles lists, only its widest form: NewTiles names every
// width a partial tile passes through while the tree grows, the log keeps the one size n needs.
func finalTiles(tiles []tlog.Tile) []tlog.Tile {
	widest := map[[2]int64]tlog.Tile{}
	var order [][2]int64
	for _, t := range tiles {
		k := [2]int64{int64(t.L), t.N}
		old, seen := widest[k]
		if !seen {
			order = append(order, k)
		}
		if !seen || t.W > old.W {
			widest[k] = t
		}
	}
	out := make([]tlog.Tile, len(order))
	for i, k := range order {
		out[i] = widest[k]
	}
	return out
}

// c2spPath is tlog's tile path without the height element (C2SP tlog-tiles fixes it at 8):
// tile/8/0/x001/234.p/5 becomes tile/0/x001/234.p/5; level is "0".."n" or "entries".
func c2spPath(t tlog.Tile, level string) string {
	parts := strings.SplitN(t.Path(), "/", 4) // tile, H, L, rest
	return filepath.FromSlash("tile/" + level + "/" + parts[3])
}

func writeFile(file string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}
