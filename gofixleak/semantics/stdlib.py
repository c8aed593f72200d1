"""Declarations of the standard-library API that the rules reason about.

gofixleak must give the same answers whether or not a Go toolchain is
installed, so it does not read GOROOT.  Instead these stubs declare, in Go
syntax, the signatures it needs (results of `strings.*`, `time.NewTicker`,
`os.Open`, ...).  They are parsed with the same grammar and indexed like any
other package.  A function missing here simply has an unknown result type.
"""

from __future__ import annotations

STUBS: dict[str, str] = {
    "strings": """
package strings
import "iter"
func Clone(s string) string
func Compare(a, b string) int
func Contains(s, substr string) bool
func ContainsAny(s, chars string) bool
func ContainsRune(s string, r rune) bool
func Count(s, substr string) int
func Cut(s, sep string) (before, after string, found bool)
func CutPrefix(s, prefix string) (after string, found bool)
func CutSuffix(s, suffix string) (before string, found bool)
func EqualFold(s, t string) bool
func Fields(s string) []string
func FieldsFunc(s string, f func(rune) bool) []string
func HasPrefix(s, prefix string) bool
func HasSuffix(s, suffix string) bool
func Index(s, substr string) int
func IndexAny(s, chars string) int
func IndexByte(s string, c byte) int
func IndexFunc(s string, f func(rune) bool) int
func IndexRune(s string, r rune) int
func Join(elems []string, sep string) string
func LastIndex(s, substr string) int
func LastIndexAny(s, chars string) int
func LastIndexByte(s string, c byte) int
func Map(mapping func(rune) rune, s string) string
func Repeat(s string, count int) string
func Replace(s, old, new string, n int) string
func ReplaceAll(s, old, new string) string
func Split(s, sep string) []string
func SplitAfter(s, sep string) []string
func SplitAfterN(s, sep string, n int) []string
func SplitN(s, sep string, n int) []string
func Lines(s string) iter.Seq[string]
func SplitSeq(s, sep string) iter.Seq[string]
func SplitAfterSeq(s, sep string) iter.Seq[string]
func FieldsSeq(s string) iter.Seq[string]
func FieldsFuncSeq(s string, f func(rune) bool) iter.Seq[string]
func Title(s string) string
func ToLower(s string) string
func ToTitle(s string) string
func ToUpper(s string) string
func ToValidUTF8(s, replacement string) string
func Trim(s, cutset string) string
func TrimFunc(s string, f func(rune) bool) string
func TrimLeft(s, cutset string) string
func TrimLeftFunc(s string, f func(rune) bool) string
func TrimPrefix(s, prefix string) string
func TrimRight(s, cutset string) string
func TrimRightFunc(s string, f func(rune) bool) string
func TrimSpace(s string) string
func TrimSuffix(s, suffix string) string
type Builder struct { buf []byte }
func (b *Builder) String() string
func (b *Builder) Len() int
func (b *Builder) WriteString(s string) (int, error)
func (b *Builder) WriteByte(c byte) error
func (b *Builder) WriteRune(r rune) (int, error)
func (b *Builder) Write(p []byte) (int, error)
func (b *Builder) Reset()
func (b *Builder) Grow(n int)
type Reader struct { s string }
func NewReader(s string) *Reader
type Replacer struct { r any }
func NewReplacer(oldnew ...string) *Replacer
func (r *Replacer) Replace(s string) string
""",
    "bytes": """
package bytes
func Clone(b []byte) []byte
func Equal(a, b []byte) bool
func Fields(s []byte) [][]byte
func Split(s, sep []byte) [][]byte
func SplitN(s, sep []byte, n int) [][]byte
func TrimSpace(s []byte) []byte
func Trim(s []byte, cutset string) []byte
func TrimPrefix(s, prefix []byte) []byte
func TrimSuffix(s, suffix []byte) []byte
func ToLower(s []byte) []byte
func ToUpper(s []byte) []byte
func Index(s, sep []byte) int
func IndexByte(b []byte, c byte) int
func HasPrefix(s, prefix []byte) bool
func Contains(b, subslice []byte) bool
func Cut(s, sep []byte) (before, after []byte, found bool)
func Join(s [][]byte, sep []byte) []byte
func Repeat(b []byte, count int) []byte
type Buffer struct { buf []byte }
func NewBuffer(buf []byte) *Buffer
func NewBufferString(s string) *Buffer
func (b *Buffer) Bytes() []byte
func (b *Buffer) String() string
func (b *Buffer) Len() int
func (b *Buffer) Reset()
func (b *Buffer) Write(p []byte) (int, error)
func (b *Buffer) WriteString(s string) (int, error)
func (b *Buffer) WriteByte(c byte) error
func (b *Buffer) Next(n int) []byte
func (b *Buffer) ReadString(delim byte) (string, error)
func (b *Buffer) ReadBytes(delim byte) ([]byte, error)
""",
    "strconv": """
package strconv
func Itoa(i int) string
func Atoi(s string) (int, error)
func FormatInt(i int64, base int) string
func FormatUint(i uint64, base int) string
func FormatFloat(f float64, fmt byte, prec, bitSize int) string
func FormatBool(b bool) string
func ParseInt(s string, base int, bitSize int) (int64, error)
func ParseUint(s string, base int, bitSize int) (uint64, error)
func ParseFloat(s string, bitSize int) (float64, error)
func ParseBool(str string) (bool, error)
func Quote(s string) string
func Unquote(s string) (string, error)
func AppendInt(dst []byte, i int64, base int) []byte
func AppendQuote(dst []byte, s string) []byte
""",
    "fmt": """
package fmt
import "io"
func Sprint(a ...any) string
func Sprintf(format string, a ...any) string
func Sprintln(a ...any) string
func Errorf(format string, a ...any) error
func Print(a ...any) (n int, err error)
func Printf(format string, a ...any) (n int, err error)
func Println(a ...any) (n int, err error)
func Fprint(w io.Writer, a ...any) (n int, err error)
func Fprintf(w io.Writer, format string, a ...any) (n int, err error)
func Fprintln(w io.Writer, a ...any) (n int, err error)
func Sscanf(str string, format string, a ...any) (n int, err error)
func Append(b []byte, a ...any) []byte
func Appendf(b []byte, format string, a ...any) []byte
type Stringer interface { String() string }
""",
    "errors": """
package errors
func New(text string) error
func Is(err, target error) bool
func As(err error, target any) bool
func Unwrap(err error) error
func Join(errs ...error) error
""",
    "encoding/binary": """
package binary
const MaxVarintLen16 = 3
const MaxVarintLen32 = 5
const MaxVarintLen64 = 10
func AppendUvarint(buf []byte, x uint64) []byte
func AppendVarint(buf []byte, x int64) []byte
func PutUvarint(buf []byte, x uint64) int
func PutVarint(buf []byte, x int64) int
func Uvarint(buf []byte) (uint64, int)
func Varint(buf []byte) (int64, int)
""",
    "unicode/utf8": """
package utf8
func DecodeRuneInString(s string) (r rune, size int)
func DecodeLastRuneInString(s string) (r rune, size int)
func DecodeRune(p []byte) (r rune, size int)
func RuneCountInString(s string) int
func RuneLen(r rune) int
func ValidString(s string) bool
func AppendRune(p []byte, r rune) []byte
""",
    "path": """
package path
func Base(path string) string
func Clean(path string) string
func Dir(path string) string
func Ext(path string) string
func Join(elem ...string) string
func Split(path string) (dir, file string)
""",
    "path/filepath": """
package filepath
func Abs(path string) (string, error)
func Base(path string) string
func Clean(path string) string
func Dir(path string) string
func Ext(path string) string
func Join(elem ...string) string
func Rel(basepath, targpath string) (string, error)
func Split(path string) (dir, file string)
func ToSlash(path string) string
func FromSlash(path string) string
func Glob(pattern string) (matches []string, err error)
func VolumeName(path string) string
""",
    "net/url": """
package url
type URL struct { Scheme string; Opaque string; Host string; Path string; RawPath string; RawQuery string; Fragment string }
func Parse(rawURL string) (*URL, error)
func QueryEscape(s string) string
func QueryUnescape(s string) (string, error)
func PathEscape(s string) string
func (u *URL) String() string
func (u *URL) Hostname() string
func (u *URL) Port() string
func (u *URL) Query() Values
type Values map[string][]string
func (v Values) Get(key string) string
func (v Values) Encode() string
""",
    "io": """
package io
type Reader interface { Read(p []byte) (n int, err error) }
type Writer interface { Write(p []byte) (n int, err error) }
type Closer interface { Close() error }
type ReadCloser interface { Reader; Closer }
type WriteCloser interface { Writer; Closer }
type ReadWriteCloser interface { Reader; Writer; Closer }
type ReadWriter interface { Reader; Writer }
type ReaderAt interface { ReadAt(p []byte, off int64) (n int, err error) }
type Seeker interface { Seek(offset int64, whence int) (int64, error) }
type ReadSeekCloser interface { Reader; Seeker; Closer }
func ReadAll(r Reader) ([]byte, error)
func Copy(dst Writer, src Reader) (written int64, err error)
func ReadFull(r Reader, buf []byte) (n int, err error)
func WriteString(w Writer, s string) (n int, err error)
func NopCloser(r Reader) ReadCloser
func Pipe() (*PipeReader, *PipeWriter)
type PipeReader struct { p any }
type PipeWriter struct { p any }
func (r *PipeReader) Read(data []byte) (n int, err error)
func (r *PipeReader) Close() error
func (w *PipeWriter) Write(data []byte) (n int, err error)
func (w *PipeWriter) Close() error
var EOF error
var ErrUnexpectedEOF error
var ErrShortWrite error
var ErrClosedPipe error
""",
    "io/fs": """
package fs
type FileMode uint32
type File interface { Stat() (FileInfo, error); Read([]byte) (int, error); Close() error }
type FileInfo interface { Name() string; Size() int64; Mode() FileMode; IsDir() bool }
type DirEntry interface { Name() string; IsDir() bool }
""",
    "bufio": """
package bufio
import "io"
type Reader struct { buf []byte }
type Writer struct { buf []byte }
type Scanner struct { buf []byte }
func NewReader(rd io.Reader) *Reader
func NewReaderSize(rd io.Reader, size int) *Reader
func NewWriter(w io.Writer) *Writer
func NewScanner(r io.Reader) *Scanner
func (b *Reader) ReadString(delim byte) (string, error)
func (b *Reader) ReadBytes(delim byte) ([]byte, error)
func (b *Reader) ReadSlice(delim byte) (line []byte, err error)
func (b *Reader) ReadLine() (line []byte, isPrefix bool, err error)
func (b *Reader) Read(p []byte) (n int, err error)
func (b *Writer) Write(p []byte) (nn int, err error)
func (b *Writer) WriteString(s string) (int, error)
func (b *Writer) Flush() error
func (s *Scanner) Scan() bool
func (s *Scanner) Text() string
func (s *Scanner) Bytes() []byte
func (s *Scanner) Err() error
""",
    "os": """
package os
import ("io/fs"; "time")
type File struct { name string }
type FileMode = fs.FileMode
type FileInfo = fs.FileInfo
type DirEntry = fs.DirEntry
type Signal interface { String() string; Signal() }
type Process struct { Pid int }
func Open(name string) (*File, error)
func Create(name string) (*File, error)
func OpenFile(name string, flag int, perm FileMode) (*File, error)
func CreateTemp(dir, pattern string) (*File, error)
func MkdirTemp(dir, pattern string) (string, error)
func ReadFile(name string) ([]byte, error)
func WriteFile(name string, data []byte, perm FileMode) error
func ReadDir(name string) ([]DirEntry, error)
func Remove(name string) error
func RemoveAll(path string) error
func Rename(oldpath, newpath string) error
func Stat(name string) (FileInfo, error)
func Lstat(name string) (FileInfo, error)
func Getenv(key string) string
func LookupEnv(key string) (string, bool)
func Getwd() (dir string, err error)
func Hostname() (name string, err error)
func Executable() (string, error)
func Exit(code int)
func Pipe() (r *File, w *File, err error)
func (f *File) Close() error
func (f *File) Name() string
func (f *File) Read(b []byte) (n int, err error)
func (f *File) ReadAt(b []byte, off int64) (n int, err error)
func (f *File) Write(b []byte) (n int, err error)
func (f *File) WriteString(s string) (n int, err error)
func (f *File) Sync() error
func (f *File) Stat() (FileInfo, error)
func (f *File) Seek(offset int64, whence int) (ret int64, err error)
func (f *File) Fd() uintptr
func (f *File) SetDeadline(t time.Time) error
func (f *File) ReadDir(n int) ([]DirEntry, error)
func (f *File) Readdirnames(n int) (names []string, err error)
var Args []string
var Stdin *File
var Stdout *File
var Stderr *File
var ErrNotExist error
var ErrExist error
var ErrPermission error
""",
    "os/exec": """
package exec
import ("context"; "io")
type Cmd struct { Path string; Args []string; Stdout io.Writer; Stderr io.Writer; Stdin io.Reader }
func Command(name string, arg ...string) *Cmd
func CommandContext(ctx context.Context, name string, arg ...string) *Cmd
func LookPath(file string) (string, error)
func (c *Cmd) Run() error
func (c *Cmd) Start() error
func (c *Cmd) Wait() error
func (c *Cmd) Output() ([]byte, error)
func (c *Cmd) CombinedOutput() ([]byte, error)
func (c *Cmd) StdoutPipe() (io.ReadCloser, error)
func (c *Cmd) StdinPipe() (io.WriteCloser, error)
""",
    "time": """
package time
type Duration int64
type Month int
type Weekday int
type Location struct { name string }
type Time struct { wall uint64; ext int64; loc *Location }
type Ticker struct { C <-chan Time }
type Timer struct { C <-chan Time }
const (
	Nanosecond Duration = 1
	Microsecond = 1000 * Nanosecond
	Millisecond = 1000 * Microsecond
	Second = 1000 * Millisecond
	Minute = 60 * Second
	Hour = 60 * Minute
)
var UTC *Location
var Local *Location
func Now() Time
func Since(t Time) Duration
func Until(t Time) Duration
func Sleep(d Duration)
func Unix(sec int64, nsec int64) Time
func Date(year int, month Month, day, hour, min, sec, nsec int, loc *Location) Time
func Parse(layout, value string) (Time, error)
func ParseDuration(s string) (Duration, error)
func NewTicker(d Duration) *Ticker
func NewTimer(d Duration) *Timer
func Tick(d Duration) <-chan Time
func After(d Duration) <-chan Time
func AfterFunc(d Duration, f func()) *Timer
func (t *Ticker) Stop()
func (t *Ticker) Reset(d Duration)
func (t *Timer) Stop() bool
func (t *Timer) Reset(d Duration) bool
func (t Time) Add(d Duration) Time
func (t Time) Sub(u Time) Duration
func (t Time) After(u Time) bool
func (t Time) Before(u Time) bool
func (t Time) Equal(u Time) bool
func (t Time) IsZero() bool
func (t Time) Unix() int64
func (t Time) UnixNano() int64
func (t Time) UnixMilli() int64
func (t Time) Format(layout string) string
func (t Time) String() string
func (t Time) UTC() Time
func (t Time) Truncate(d Duration) Time
func (d Duration) Seconds() float64
func (d Duration) Milliseconds() int64
func (d Duration) String() string
""",
    "context": """
package context
import "time"
type Context interface {
	Deadline() (deadline time.Time, ok bool)
	Done() <-chan struct{}
	Err() error
	Value(key any) any
}
type CancelFunc func()
type CancelCauseFunc func(cause error)
func Background() Context
func TODO() Context
func WithCancel(parent Context) (ctx Context, cancel CancelFunc)
func WithCancelCause(parent Context) (ctx Context, cancel CancelCauseFunc)
func WithTimeout(parent Context, timeout time.Duration) (Context, CancelFunc)
func WithDeadline(parent Context, d time.Time) (Context, CancelFunc)
func WithValue(parent Context, key, val any) Context
func WithoutCancel(parent Context) Context
func Cause(c Context) error
var Canceled error
var DeadlineExceeded error
""",
    "sync": """
package sync
type Mutex struct { state int32 }
type RWMutex struct { w Mutex }
type WaitGroup struct { n int64 }
type Once struct { done uint32 }
type Pool struct { New func() any }
type Map struct { m any }
type Cond struct { L Locker }
type Locker interface { Lock(); Unlock() }
func NewCond(l Locker) *Cond
func (m *Mutex) Lock()
func (m *Mutex) Unlock()
func (m *Mutex) TryLock() bool
func (rw *RWMutex) Lock()
func (rw *RWMutex) Unlock()
func (rw *RWMutex) RLock()
func (rw *RWMutex) RUnlock()
func (wg *WaitGroup) Add(delta int)
func (wg *WaitGroup) Done()
func (wg *WaitGroup) Wait()
func (wg *WaitGroup) Go(f func())
func (o *Once) Do(f func())
func (p *Pool) Get() any
func (p *Pool) Put(x any)
func (m *Map) Load(key any) (value any, ok bool)
func (m *Map) Store(key, value any)
func (m *Map) Delete(key any)
func (c *Cond) Wait()
func (c *Cond) Signal()
func (c *Cond) Broadcast()
""",
    "runtime": """
package runtime
type MemStats struct { HeapAlloc uint64; HeapInuse uint64; HeapObjects uint64; Alloc uint64; TotalAlloc uint64; Sys uint64; NumGC uint32 }
type Cleanup struct { id uint64 }
func SetFinalizer(obj any, finalizer any)
func AddCleanup[T, S any](ptr *T, cleanup func(S), arg S) Cleanup
func (c Cleanup) Stop()
func KeepAlive(x any)
func GC()
func Gosched()
func NumGoroutine() int
func NumCPU() int
func GOMAXPROCS(n int) int
func ReadMemStats(m *MemStats)
func Caller(skip int) (pc uintptr, file string, line int, ok bool)
func Goexit()
const GOOS string = ""
const GOARCH string = ""
""",
    "container/heap": """
package heap
import "sort"
type Interface interface { sort.Interface; Push(x any); Pop() any }
func Init(h Interface)
func Push(h Interface, x any)
func Pop(h Interface) any
func Remove(h Interface, i int) any
func Fix(h Interface, i int)
""",
    "container/list": """
package list
type Element struct { Value any }
type List struct { root Element; len int }
func New() *List
func (l *List) PushBack(v any) *Element
func (l *List) PushFront(v any) *Element
func (l *List) Front() *Element
func (l *List) Back() *Element
func (l *List) Remove(e *Element) any
func (l *List) Len() int
func (e *Element) Next() *Element
func (e *Element) Prev() *Element
""",
    "sort": """
package sort
type Interface interface { Len() int; Less(i, j int) bool; Swap(i, j int) }
func Sort(data Interface)
func Slice(x any, less func(i, j int) bool)
func SliceStable(x any, less func(i, j int) bool)
func Strings(x []string)
func Ints(x []int)
func Search(n int, f func(int) bool) int
""",
    "slices": """
package slices
func Clone[S ~[]E, E any](s S) S
func Compact[S ~[]E, E comparable](s S) S
func Contains[S ~[]E, E comparable](s S, v E) bool
func Delete[S ~[]E, E any](s S, i, j int) S
func DeleteFunc[S ~[]E, E any](s S, del func(E) bool) S
func Equal[S ~[]E, E comparable](s1, s2 S) bool
func Grow[S ~[]E, E any](s S, n int) S
func Index[S ~[]E, E comparable](s S, v E) int
func IndexFunc[S ~[]E, E any](s S, f func(E) bool) int
func Insert[S ~[]E, E any](s S, i int, v ...E) S
func Clip[S ~[]E, E any](s S) S
func Concat[S ~[]E, E any](slices ...S) S
func Reverse[S ~[]E, E any](s S)
func Sort[S ~[]E, E any](x S)
func SortFunc[S ~[]E, E any](x S, cmp func(a, b E) int)
func Max[S ~[]E, E any](x S) E
func Min[S ~[]E, E any](x S) E
""",
    "iter": """
package iter
type Seq[V any] func(yield func(V) bool)
type Seq2[K, V any] func(yield func(K, V) bool)
""",
    "maps": """
package maps
func Clone[M ~map[K]V, K comparable, V any](m M) M
func Copy[M1 ~map[K]V, M2 ~map[K]V, K comparable, V any](dst M1, src M2)
func DeleteFunc[M ~map[K]V, K comparable, V any](m M, del func(K, V) bool)
""",
    "regexp": """
package regexp
type Regexp struct { expr string }
func MustCompile(str string) *Regexp
func Compile(expr string) (*Regexp, error)
func QuoteMeta(s string) string
func (re *Regexp) FindString(s string) string
func (re *Regexp) FindStringSubmatch(s string) []string
func (re *Regexp) FindAllString(s string, n int) []string
func (re *Regexp) FindAllStringSubmatch(s string, n int) [][]string
func (re *Regexp) FindStringIndex(s string) (loc []int)
func (re *Regexp) MatchString(s string) bool
func (re *Regexp) ReplaceAllString(src, repl string) string
func (re *Regexp) Find(b []byte) []byte
func (re *Regexp) FindSubmatch(b []byte) [][]byte
func (re *Regexp) String() string
""",
    "encoding/json": """
package json
import "io"
type RawMessage []byte
type Decoder struct { r io.Reader }
type Encoder struct { w io.Writer }
func Marshal(v any) ([]byte, error)
func MarshalIndent(v any, prefix, indent string) ([]byte, error)
func Unmarshal(data []byte, v any) error
func NewDecoder(r io.Reader) *Decoder
func NewEncoder(w io.Writer) *Encoder
func (dec *Decoder) Decode(v any) error
func (enc *Encoder) Encode(v any) error
""",
    "database/sql": """
package sql
import "context"
type DB struct { connector any }
type Tx struct { db *DB }
type Rows struct { dc any }
type Row struct { err error }
type Stmt struct { db *DB }
type Conn struct { db *DB }
type Result interface { LastInsertId() (int64, error); RowsAffected() (int64, error) }
func Open(driverName, dataSourceName string) (*DB, error)
func (db *DB) Close() error
func (db *DB) Query(query string, args ...any) (*Rows, error)
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error)
func (db *DB) QueryRow(query string, args ...any) *Row
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *Row
func (db *DB) Exec(query string, args ...any) (Result, error)
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (Result, error)
func (db *DB) Prepare(query string) (*Stmt, error)
func (db *DB) PrepareContext(ctx context.Context, query string) (*Stmt, error)
func (db *DB) Begin() (*Tx, error)
func (db *DB) BeginTx(ctx context.Context, opts any) (*Tx, error)
func (db *DB) Conn(ctx context.Context) (*Conn, error)
func (tx *Tx) Commit() error
func (tx *Tx) Rollback() error
func (tx *Tx) Query(query string, args ...any) (*Rows, error)
func (tx *Tx) Exec(query string, args ...any) (Result, error)
func (tx *Tx) Prepare(query string) (*Stmt, error)
func (rows *Rows) Next() bool
func (rows *Rows) Scan(dest ...any) error
func (rows *Rows) Close() error
func (rows *Rows) Err() error
func (r *Row) Scan(dest ...any) error
func (s *Stmt) Close() error
func (s *Stmt) Query(args ...any) (*Rows, error)
func (s *Stmt) Exec(args ...any) (Result, error)
func (c *Conn) Close() error
var ErrNoRows error
var ErrTxDone error
""",
    "net": """
package net
import "time"
type Conn interface { Read(b []byte) (n int, err error); Write(b []byte) (n int, err error); Close() error; SetDeadline(t time.Time) error }
type Listener interface { Accept() (Conn, error); Close() error }
type Dialer struct { Timeout time.Duration }
func Dial(network, address string) (Conn, error)
func DialTimeout(network, address string, timeout time.Duration) (Conn, error)
func Listen(network, address string) (Listener, error)
func SplitHostPort(hostport string) (host, port string, err error)
func JoinHostPort(host, port string) string
""",
    "net/http": """
package http
import ("context"; "io"; "net/url"; "time")
type Header map[string][]string
type Request struct { Method string; URL *url.URL; Header Header; Body io.ReadCloser; Host string; RemoteAddr string; RequestURI string }
type Response struct { Status string; StatusCode int; Header Header; Body io.ReadCloser; Request *Request }
type Client struct { Timeout time.Duration }
type Server struct { Addr string; Handler Handler }
type Handler interface { ServeHTTP(ResponseWriter, *Request) }
type HandlerFunc func(ResponseWriter, *Request)
type ResponseWriter interface { Header() Header; Write([]byte) (int, error); WriteHeader(statusCode int) }
var DefaultClient *Client
func Get(url string) (resp *Response, err error)
func Post(url, contentType string, body io.Reader) (resp *Response, err error)
func Head(url string) (resp *Response, err error)
func NewRequest(method, url string, body io.Reader) (*Request, error)
func NewRequestWithContext(ctx context.Context, method, url string, body io.Reader) (*Request, error)
func ListenAndServe(addr string, handler Handler) error
func HandleFunc(pattern string, handler func(ResponseWriter, *Request))
func (c *Client) Do(req *Request) (*Response, error)
func (c *Client) Get(url string) (resp *Response, err error)
func (c *Client) Post(url, contentType string, body io.Reader) (resp *Response, err error)
func (h Header) Get(key string) string
func (h Header) Set(key, value string)
func (r *Request) Context() context.Context
func (r *Request) WithContext(ctx context.Context) *Request
func (r *Request) FormValue(key string) string
func (s *Server) ListenAndServe() error
func (s *Server) Shutdown(ctx context.Context) error
func (s *Server) Close() error
""",
    "log": """
package log
func Printf(format string, v ...any)
func Println(v ...any)
func Print(v ...any)
func Fatalf(format string, v ...any)
func Fatal(v ...any)
func Panicf(format string, v ...any)
""",
    "unsafe": """
package unsafe
type Pointer *int
func String(ptr *byte, len int) string
func StringData(str string) *byte
func Slice(ptr *int, len int) []int
""",
    "testing": """
package testing
type T struct { common }
type B struct { common; N int }
type F struct { common }
type TB interface { Error(args ...any); Errorf(format string, args ...any); Fail(); FailNow(); Fatal(args ...any); Fatalf(format string, args ...any); Helper() }
type common struct { name string }
func (c *common) Fatal(args ...any)
func (c *common) Fatalf(format string, args ...any)
func (c *common) Errorf(format string, args ...any)
func (c *common) Cleanup(f func())
func (c *common) Helper()
func (c *common) TempDir() string
func (b *B) Loop() bool
func (b *B) ResetTimer()
""",
}
