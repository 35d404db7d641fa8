package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Options configure a server.
type Options struct {
	// Env is the environment configs are resolved and linted in; nil means the process's
	// (resolve.OSEnv). Its Exec is never used: the server runs no command a config names.
	Env *resolve.Env
	// Dialect is the OpenSSH the configs are checked for unless the client's settings
	// name another; the zero value means keyword.Debian92.
	Dialect keyword.Dialect
	// Debounce is how long diagnostics wait for more edits before they are computed; 0
	// means DefaultDebounce.
	Debounce time.Duration
	// MaxMessageSize bounds the body of one incoming message; 0 means DefaultMaxMessageSize.
	MaxMessageSize int
	// Log receives the server's log lines (never the protocol's stream); nil discards them.
	Log io.Writer

	// published, when set (by tests), is called after each round of publications with
	// the versions of the open documents they were computed for, the number of
	// publishDiagnostics notifications sent so far, and whether the round was a full
	// one (else the quick stage).
	published func(versions map[string]int32, sent int64, full bool)
}

// Defaults of Options.
const (
	DefaultDebounce       = 75 * time.Millisecond
	DefaultMaxMessageSize = 2*resolve.MaxFileSize + 1<<20 // a whole config, JSON-escaped
)

// ErrNoShutdown is returned by Serve when the client left without asking the server to
// shut down first (exit without shutdown, or the end of the stream); an editor that sees
// the server exit with it knows the server did not stop on request.
var ErrNoShutdown = errors.New("lsp: the connection ended without a shutdown request")

// lifecycle states of a server.
const (
	stateNew int32 = iota
	stateRunning
	stateShutDown
)

// Server is one language server connected to one client. Serve makes and runs it.
type Server struct {
	opts     Options
	conn     jsonrpc2.Conn
	client   protocol.Client
	log      *log.Logger
	docs     *store
	resolver *sharedResolver
	diags    *diagnoser
	lints    lintCache
	hosts    hostCache // completion's alias lists (completion.go)

	state atomic.Int32
	// enc is the negotiated position encoding; initialize sets it before any document
	// can arrive.
	enc encoding
	// settings are the client's settings (initializationOptions, workspace/configuration).
	settings atomic.Pointer[Settings]
	// epoch counts the changes on disk the client reported: results computed in an
	// older epoch may have read old files.
	epoch atomic.Uint64
	// pullConfig says the client answers workspace/configuration; watchDynamic that it
	// takes file watchers registered at run time, watchRelative that they may be
	// relative patterns (a base directory and a glob).
	pullConfig, watchDynamic, watchRelative bool
	// clientCaps are the client's capabilities, as initialize gave them.
	clientCaps protocol.ClientCapabilities

	exitOnce sync.Once
	exited   chan struct{}
}

// Serve runs a language server over conn (the editor's end of a stdio pipe, or a socket)
// until the client sends exit or the connection ends. It returns nil after a clean
// shutdown+exit, ErrNoShutdown otherwise.
func Serve(ctx context.Context, conn io.ReadWriteCloser, opts Options) error {
	if opts.Env == nil {
		opts.Env = resolve.OSEnv("", false)
	}
	if opts.Dialect.Version.Major == 0 {
		opts.Dialect = keyword.Debian92
	}
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxMessageSize <= 0 {
		opts.MaxMessageSize = DefaultMaxMessageSize
	}
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	env := *opts.Env
	env.Exec = nil
	// the language server reads configuration files only: never a FIFO it would wait on,
	// nor its own standard input, which carries the editor's requests (Include /dev/stdin)
	if env.FS == nil {
		env.FS = resolve.OSFS{}
	}
	env.FS = resolve.RegularOnly(env.FS)
	opts.Env = &env

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &Server{
		opts:     opts,
		log:      log.New(logw, "sshcfg lsp: ", log.LstdFlags),
		docs:     newStore(),
		resolver: newSharedResolver(&env, opts.Dialect),
		exited:   make(chan struct{}),
	}
	s.settings.Store(&Settings{})
	s.conn = jsonrpc2.NewConn(newBoundedStream(conn, opts.MaxMessageSize, s.logf), jsonrpc2.WithCodec(lspCodec{}))
	s.client = protocol.ClientDispatcher(s.conn)
	s.diags = newDiagnoser(s)
	go s.diags.run(ctx)
	ctx = protocol.WithClient(ctx, s.client)
	s.conn.Go(ctx, notificationsNeverFail(s, protocol.CancelHandler(s.dispatch)))
	select {
	case <-s.exited:
	case <-s.conn.Done():
	case <-ctx.Done():
	}
	s.diags.stop()
	// Closing lets the requests being handled answer, then waits for the reader, which a
	// stdin pipe the client keeps open does not release: wait a little, not forever.
	closed := make(chan struct{})
	go func() { s.conn.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(time.Second):
	}
	cancel()
	s.diags.wait()
	if s.state.Load() == stateShutDown {
		select {
		case <-s.exited:
			return nil
		default:
		}
	}
	return ErrNoShutdown
}

// logf writes a line to the server's log.
func (s *Server) logf(format string, args ...any) { s.log.Printf(format, args...) }

// dispatch runs one message. Notifications run here, on the read loop, so they act in
// the order they came; a request takes a view of the open documents and is then
// released to run concurrently, unless it is ordered. A panicking handler is logged
// and, for a request, answered with an internal error: the server keeps running.
func (s *Server) dispatch(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	method := strings.Clone(req.Method()) // the request's bytes are borrowed until Async
	if !req.IsCall() {
		h, ok := notifications[method]
		if !ok || (s.state.Load() == stateNew && method != protocol.MethodExit) {
			return nil, nil // $/ notifications and unknown ones are ignored
		}
		defer s.recoverTo(method, nil)
		h(ctx, s, req.Params())
		return nil, nil
	}
	h, ok := requests[method]
	// What the request sees is fixed on arrival: the server's state and the documents.
	var refusal error
	switch state := s.state.Load(); {
	case state == stateNew && method != protocol.MethodInitialize:
		refusal = jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "the server is not initialized")
	case !ok:
		refusal = jsonrpc2.NewError(jsonrpc2.MethodNotFound, "method not supported: "+method)
	case state == stateShutDown && method != protocol.MethodShutdown:
		refusal = jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is shut down")
	}
	v := &view{s: s, docs: s.docs.current()}
	// Every request is released exactly once, before it returns: CancelHandler derived a
	// context from the pooled request context, which must not outlive a synchronous
	// handler (spec §1.3). Ordered requests are released when done, others at once.
	if ok && h.ordered {
		defer jsonrpc2.Async(ctx)
	} else {
		jsonrpc2.Async(ctx)
	}
	if refusal != nil {
		return nil, refusal
	}
	defer s.recoverTo(method, &err)
	if ctx.Err() != nil {
		return nil, protocol.ErrRequestCancelled
	}
	result, err = h.fn(ctx, v, req.Params())
	switch {
	case errors.Is(err, context.Canceled), err == nil && ctx.Err() != nil:
		return nil, protocol.ErrRequestCancelled
	case err != nil:
		var je *jsonrpc2.Error
		if !errors.As(err, &je) {
			err = jsonrpc2.NewError(jsonrpc2.InternalError, err.Error())
		}
		return nil, err
	}
	return result, nil
}

// recoverTo turns a panic of a handler into a log line and, when errp is not nil, an
// internal error for the reply.
func (s *Server) recoverTo(method string, errp *error) {
	if r := recover(); r != nil {
		s.logf("panic in %s: %v\n%s", method, r, debug.Stack())
		if errp != nil {
			*errp = jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("internal error in %s: %v", method, r))
		}
	}
}

// notificationsNeverFail keeps a notification's error from reaching jsonrpc2, which
// would end the connection for it (a malformed $/cancelRequest, say).
func notificationsNeverFail(s *Server, next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		res, err := next(ctx, req)
		if err != nil && !req.IsCall() {
			s.logf("%s: %v", req.Method(), err)
			return nil, nil
		}
		return res, err
	}
}

// parserOptions are the options every buffer is parsed with.
func (s *Server) parserOptions() parser.Options {
	return parser.Options{Dialect: s.dialect(), Services: s.opts.Env.Services}
}

// dialect is the OpenSSH the configs are checked for: the client's setting, else the
// server's option.
func (s *Server) dialect() keyword.Dialect {
	if d, ok := s.settings.Load().dialect(); ok {
		return d
	}
	return s.opts.Dialect
}
