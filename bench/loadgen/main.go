// Command loadgen is Cairn's open-loop HTTP/1.1 load generator (issue 17): wrk2-style constant-rate
// scheduling at little CPU cost, so a 2-core machine can offer 5,000 requests/s to a server on the
// same cores and still measure it.
//
// Usage: loadgen @<params.json> (or the JSON itself as the one argument). It takes the same
// parameters as bench/lib/http-load.mjs and prints one line `RESULT <json>` with the same result
// fields, plus the generator's own CPU time:
//
//	params: {mode: "open"|"closed", url, requests: [{method, path, headers, body?: base64}]
//	         (cycled, or chosen at random with random: true), rate?, concurrency?, maxConnections?,
//	         warmupMs, durationMs, timeoutMs?, expectStatus}
//	result: {sent, answered, ok, byStatus, errors, timeouts, firstError?, seconds, perSec,
//	         latencyMs: {p50, p95, p99, p99.9, max, mean}, maxSendLagMs, connections,
//	         generatorCpuSeconds, generator: "go"}
//
// Open loop: request i is due at t0 + i/rate and is handed to an idle keep-alive connection at
// that time whether or not earlier ones were answered; when every connection is busy a new one is
// opened (up to maxConnections, default 4096), so a slow server is met with more concurrency,
// never with fewer requests. Latency runs from the SCHEDULED time to the last byte of the answer,
// so a late send, or a wait for a connection, counts against the server too (no coordinated
// omission). Requests due in the first warmupMs are sent but not counted.
//
// Closed loop: `concurrency` connections, each sending its next request when its answer arrived;
// the answers completed in the durationMs window after warmupMs are counted.
//
// The client is hand-written over net.Conn (one goroutine per connection, one prepared byte
// string per request template, a bufio reader parsing the status line, Content-Length or chunked
// bodies): no per-request allocation beyond the answer's body, which is read and dropped.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand"
	"net"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type requestTemplate struct {
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

type params struct {
	Mode           string            `json:"mode"`
	URL            string            `json:"url"`
	Requests       []requestTemplate `json:"requests"`
	Random         bool              `json:"random"`
	Rate           float64           `json:"rate"`
	Concurrency    int               `json:"concurrency"`
	MaxConnections int               `json:"maxConnections"`
	WarmupMs       float64           `json:"warmupMs"`
	DurationMs     float64           `json:"durationMs"`
	TimeoutMs      float64           `json:"timeoutMs"`
	ExpectStatus   int               `json:"expectStatus"`
}

// job is one scheduled request: which template, when it was due, and whether it counts.
type job struct {
	template int
	due      time.Time
	counted  bool
}

// outcome is what happened to a counted request.
type outcome struct {
	status  int // 0 for an error or a timeout
	timeout bool
	latency time.Duration
	err     string
}

type recorder struct {
	mu         sync.Mutex
	latencies  []float64
	byStatus   map[int]int
	answered   int
	ok         int
	errors     int
	timeouts   int
	firstError string
	expect     int
}

func (r *recorder) add(o outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case o.timeout:
		r.timeouts++
	case o.status == 0:
		r.errors++
		if r.firstError == "" {
			r.firstError = o.err
		}
	default:
		r.answered++
		r.byStatus[o.status]++
		if o.status == r.expect {
			r.ok++
			r.latencies = append(r.latencies, float64(o.latency)/float64(time.Millisecond))
		} else if r.firstError == "" {
			r.firstError = fmt.Sprintf("HTTP %d: %s", o.status, o.err)
		}
	}
}

// client holds the prepared request bytes and the server address.
type client struct {
	addr     string
	raw      [][]byte
	timeout  time.Duration
	expect   int
	rec      *recorder
	measured *atomic.Bool // closed loop: whether answers completing now count
}

// conn is one keep-alive connection, reopened after an error or a timeout.
type conn struct {
	c  net.Conn
	br *bufio.Reader
}

func (cl *client) dial() (*conn, error) {
	c, err := net.DialTimeout("tcp", cl.addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetNoDelay(true)
	}
	return &conn{c: c, br: bufio.NewReaderSize(c, 64<<10)}, nil
}

var errProtocol = errors.New("malformed HTTP answer")

// readAnswer reads one HTTP/1.1 answer and returns its status, the start of its body when it is
// not the expected status (for the error message), and whether the server keeps the connection.
func readAnswer(br *bufio.Reader, expect int) (int, string, bool, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, "", false, err
	}
	// "HTTP/1.1 201 Created\r\n"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, "", false, errProtocol
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, "", false, errProtocol
	}
	length := int64(-1)
	chunked := false
	keep := true
	for {
		h, err := br.ReadSlice('\n')
		if err != nil {
			return 0, "", false, err
		}
		if len(h) <= 2 {
			break
		}
		colon := bytes.IndexByte(h, ':')
		if colon < 0 {
			return 0, "", false, errProtocol
		}
		name := h[:colon]
		value := bytes.TrimSpace(h[colon+1:])
		switch {
		case asciiEqualFold(name, "content-length"):
			length, err = strconv.ParseInt(string(value), 10, 64)
			if err != nil {
				return 0, "", false, errProtocol
			}
		case asciiEqualFold(name, "transfer-encoding"):
			chunked = bytes.Contains(bytes.ToLower(value), []byte("chunked"))
		case asciiEqualFold(name, "connection"):
			keep = !bytes.EqualFold(value, []byte("close"))
		}
	}
	var keepBody *bytes.Buffer
	if status != expect {
		keepBody = &bytes.Buffer{}
	}
	sink := func(n int64) error {
		if keepBody != nil && keepBody.Len() < 300 {
			_, err := io.CopyN(keepBody, br, n)
			return err
		}
		_, err := br.Discard(int(n))
		return err
	}
	switch {
	case chunked:
		for {
			sizeLine, err := br.ReadSlice('\n')
			if err != nil {
				return 0, "", false, err
			}
			s := strings.TrimSpace(string(sizeLine))
			if i := strings.IndexByte(s, ';'); i >= 0 {
				s = s[:i]
			}
			n, err := strconv.ParseInt(s, 16, 64)
			if err != nil {
				return 0, "", false, errProtocol
			}
			if n == 0 {
				// Trailers (none expected) end with an empty line.
				for {
					t, err := br.ReadSlice('\n')
					if err != nil {
						return 0, "", false, err
					}
					if len(t) <= 2 {
						break
					}
				}
				break
			}
			if err := sink(n); err != nil {
				return 0, "", false, err
			}
			if _, err := br.Discard(2); err != nil {
				return 0, "", false, err
			}
		}
	case length >= 0:
		if err := sink(length); err != nil {
			return 0, "", false, err
		}
	default:
		// No length: the body runs to the end of the connection.
		if keepBody != nil {
			_, _ = io.CopyN(keepBody, br, 300)
		}
		_, _ = io.Copy(io.Discard, br)
		keep = false
	}
	text := ""
	if keepBody != nil {
		text = keepBody.String()
		if len(text) > 300 {
			text = text[:300]
		}
	}
	return status, text, keep, nil
}

func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// do sends one request on *cp (dialling when nil) and returns its outcome; on any failure the
// connection is closed and *cp set to nil.
func (cl *client) do(cp **conn, template int, start time.Time) outcome {
	if *cp == nil {
		c, err := cl.dial()
		if err != nil {
			return outcome{err: err.Error()}
		}
		*cp = c
	}
	c := *cp
	if cl.timeout > 0 {
		_ = c.c.SetDeadline(start.Add(cl.timeout))
	}
	fail := func(err error) outcome {
		_ = c.c.Close()
		*cp = nil
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return outcome{timeout: true}
		}
		return outcome{err: err.Error()}
	}
	if _, err := c.c.Write(cl.raw[template]); err != nil {
		return fail(err)
	}
	status, text, keep, err := readAnswer(c.br, cl.expect)
	if err != nil {
		return fail(err)
	}
	lat := time.Since(start)
	if !keep {
		_ = c.c.Close()
		*cp = nil
	}
	return outcome{status: status, latency: lat, err: text}
}

func prepare(p *params, host string) ([][]byte, error) {
	raw := make([][]byte, len(p.Requests))
	for i, r := range p.Requests {
		body, err := base64.StdEncoding.DecodeString(r.Body)
		if err != nil {
			return nil, fmt.Errorf("request %d: body is not base64: %w", i, err)
		}
		var b bytes.Buffer
		fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", r.Method, r.Path, host)
		names := make([]string, 0, len(r.Headers))
		for k := range r.Headers {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if strings.EqualFold(k, "content-length") || strings.EqualFold(k, "host") {
				continue
			}
			fmt.Fprintf(&b, "%s: %s\r\n", k, r.Headers[k])
		}
		if len(body) > 0 || r.Method == "POST" || r.Method == "PUT" {
			fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
		}
		b.WriteString("\r\n")
		b.Write(body)
		raw[i] = b.Bytes()
	}
	return raw, nil
}

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	if rank < 1 {
		rank = 1
	}
	if rank > len(sorted) {
		rank = len(sorted)
	}
	return sorted[rank-1]
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// jsonNumber keeps NaN out of the JSON (encoding/json refuses it): NaN becomes null.
type jsonNumber float64

func (n jsonNumber) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(float64(n), 'f', -1, 64)), nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: loadgen @<params.json> | <json>")
		os.Exit(2)
	}
	arg := os.Args[1]
	var text []byte
	if strings.HasPrefix(arg, "@") {
		var err error
		if text, err = os.ReadFile(arg[1:]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	} else {
		text = []byte(arg)
	}
	var p params
	if err := json.Unmarshal(text, &p); err != nil {
		fmt.Fprintln(os.Stderr, "params:", err)
		os.Exit(2)
	}
	if len(p.Requests) == 0 {
		fmt.Fprintln(os.Stderr, "params: no requests")
		os.Exit(2)
	}
	u, err := url.Parse(p.URL)
	if err != nil || u.Scheme != "http" {
		fmt.Fprintln(os.Stderr, "params: url must be http://host:port")
		os.Exit(2)
	}
	raw, err := prepare(&p, u.Host)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	rec := &recorder{byStatus: map[int]int{}, expect: p.ExpectStatus}
	cl := &client{addr: u.Host, raw: raw, timeout: time.Duration(p.TimeoutMs * float64(time.Millisecond)), expect: p.ExpectStatus, rec: rec, measured: &atomic.Bool{}}
	rng := rand.New(rand.NewSource(1))
	pick := 0
	next := func() int {
		if p.Random {
			return rng.Intn(len(raw))
		}
		t := pick % len(raw)
		pick++
		return t
	}
	warmup := time.Duration(p.WarmupMs * float64(time.Millisecond))
	duration := time.Duration(p.DurationMs * float64(time.Millisecond))
	cpu0 := cpuSeconds()
	var sent int64
	var maxLag time.Duration
	var seconds float64
	var connections int64

	switch p.Mode {
	case "open":
		if p.Rate <= 0 {
			fmt.Fprintln(os.Stderr, "params: open loop needs rate > 0")
			os.Exit(2)
		}
		maxConns := int64(p.MaxConnections)
		if maxConns <= 0 {
			maxConns = 4096
		}
		// Jobs wait here for an idle connection; the buffer holds every request of the run, so the
		// scheduler never blocks.
		total := int(math.Ceil((p.WarmupMs + p.DurationMs) / 1000 * p.Rate))
		jobs := make(chan job, total+1)
		var idle int64
		var wg sync.WaitGroup
		worker := func() {
			defer wg.Done()
			var c *conn
			for j := range jobs {
				atomic.AddInt64(&idle, -1)
				o := cl.do(&c, j.template, j.due)
				if j.counted {
					rec.add(o)
				}
				atomic.AddInt64(&idle, 1)
			}
			if c != nil {
				_ = c.c.Close()
			}
		}
		spawn := func() {
			connections++
			atomic.AddInt64(&idle, 1)
			wg.Add(1)
			go worker()
		}
		interval := float64(time.Second) / p.Rate
		t0 := time.Now()
		warmEnd := t0.Add(warmup)
		end := warmEnd.Add(duration)
		for i := 0; ; i++ {
			due := t0.Add(time.Duration(float64(i) * interval))
			if !due.Before(end) {
				break
			}
			if wait := time.Until(due); wait > 0 {
				time.Sleep(wait)
			}
			counted := !due.Before(warmEnd)
			if counted {
				sent++
				if lag := time.Since(due); lag > maxLag {
					maxLag = lag
				}
			}
			// A connection for this job: an idle one, or a new one while any job is waiting.
			if atomic.LoadInt64(&idle)-int64(len(jobs)) <= 0 && connections < maxConns {
				spawn()
			}
			jobs <- job{template: next(), due: due, counted: counted}
		}
		close(jobs)
		wg.Wait()
		seconds = p.DurationMs / 1000
	case "closed":
		if p.Concurrency <= 0 {
			fmt.Fprintln(os.Stderr, "params: closed loop needs concurrency > 0")
			os.Exit(2)
		}
		var stop atomic.Bool
		var mu sync.Mutex
		var wg sync.WaitGroup
		for w := 0; w < p.Concurrency; w++ {
			connections++
			wg.Add(1)
			go func() {
				defer wg.Done()
				var c *conn
				for !stop.Load() {
					mu.Lock()
					t := next()
					mu.Unlock()
					counting := cl.measured.Load()
					if counting {
						atomic.AddInt64(&sent, 1)
					}
					o := cl.do(&c, t, time.Now())
					if cl.measured.Load() {
						rec.add(o)
					}
				}
				if c != nil {
					_ = c.c.Close()
				}
			}()
		}
		time.Sleep(warmup)
		cl.measured.Store(true)
		start := time.Now()
		time.Sleep(duration)
		cl.measured.Store(false)
		seconds = time.Since(start).Seconds()
		stop.Store(true)
		wg.Wait()
	default:
		fmt.Fprintf(os.Stderr, "params: unknown mode %q\n", p.Mode)
		os.Exit(2)
	}

	sort.Float64s(rec.latencies)
	maxL, sum := 0.0, 0.0
	for _, l := range rec.latencies {
		sum += l
		if l > maxL {
			maxL = l
		}
	}
	mean := math.NaN()
	if len(rec.latencies) > 0 {
		mean = sum / float64(len(rec.latencies))
	}
	byStatus := map[string]int{}
	for k, v := range rec.byStatus {
		byStatus[strconv.Itoa(k)] = v
	}
	result := map[string]any{
		"generator":   "go",
		"mode":        p.Mode,
		"rate":        p.Rate,
		"concurrency": p.Concurrency,
		"sent":        sent,
		"answered":    rec.answered,
		"ok":          rec.ok,
		"byStatus":    byStatus,
		"errors":      rec.errors,
		"timeouts":    rec.timeouts,
		"seconds":     seconds,
		"perSec":      jsonNumber(float64(rec.ok) / seconds),
		"latencyMs": map[string]jsonNumber{
			"p50":   jsonNumber(percentile(rec.latencies, 50)),
			"p95":   jsonNumber(percentile(rec.latencies, 95)),
			"p99":   jsonNumber(percentile(rec.latencies, 99)),
			"p99.9": jsonNumber(percentile(rec.latencies, 99.9)),
			"max":   jsonNumber(maxL),
			"mean":  jsonNumber(mean),
		},
		"maxSendLagMs":        float64(maxLag) / float64(time.Millisecond),
		"connections":         connections,
		"generatorCpuSeconds": jsonNumber(cpuSeconds() - cpu0),
	}
	if rec.firstError != "" {
		result["firstError"] = rec.firstError
	}
	out, err := json.Marshal(result)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("RESULT %s\n", out)
}
