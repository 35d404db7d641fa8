package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// lspCodec is protocol's own JSON codec (unexported there) for the connection, with raw
// messages passed through untouched.
type lspCodec struct{}

// Marshal implements jsonrpc2.Codec.
func (lspCodec) Marshal(v any) ([]byte, error) {
	if m, ok := v.(jsonrpc2.RawMessage); ok {
		if m == nil {
			return []byte("null"), nil
		}
		return m, nil
	}
	return protocol.Marshal(v)
}

// Unmarshal implements jsonrpc2.Codec.
func (lspCodec) Unmarshal(b []byte, v any) error {
	if p, ok := v.(*jsonrpc2.RawMessage); ok {
		*p = append(jsonrpc2.RawMessage(nil), b...)
		return nil
	}
	return protocol.Unmarshal(b, v)
}

// boundedStream is the LSP header framing with two protections jsonrpc2 lacks: a body
// larger than max is skipped unread (not allocated), and a body that is not a JSON-RPC
// message is answered with a parse error and skipped. In jsonrpc2 either would end the
// connection; here the next frame is read.
type boundedStream struct {
	jsonrpc2.Stream // writes and Close
	frames          interface {
		WriteFrame(ctx context.Context, data []byte) (int64, error)
	}
	in   *bufio.Reader
	max  int
	buf  []byte
	logf func(string, ...any)
}

func newBoundedStream(conn io.ReadWriteCloser, max int, logf func(string, ...any)) *boundedStream {
	inner := jsonrpc2.NewHeaderStream(conn)
	fs, _ := inner.(interface {
		WriteFrame(ctx context.Context, data []byte) (int64, error)
	})
	return &boundedStream{Stream: inner, frames: fs, in: bufio.NewReader(conn), max: max, logf: logf}
}

// parseErrorReply answers a frame that is not a message (its id cannot be known).
var parseErrorReply = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error: the message is not a JSON-RPC object"}}`)

// Read implements jsonrpc2.Stream.
func (s *boundedStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		body, n, err := s.next(ctx)
		if err != nil {
			return nil, 0, err
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err != nil {
			s.reject(ctx, err)
			continue
		}
		return msg, n, nil
	}
}

// reject logs a frame that is not a message and answers it with a parse error.
func (s *boundedStream) reject(ctx context.Context, err error) {
	s.logf("dropped a message: %v", err)
	if s.frames != nil {
		s.frames.WriteFrame(ctx, parseErrorReply)
	}
}

// next reads one frame's body within the bound; it is valid until the next call.
func (s *boundedStream) next(ctx context.Context) ([]byte, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		length, header, err := s.header()
		if err != nil {
			return nil, 0, err
		}
		if length > s.max {
			s.logf("skipped a message of %d bytes (the limit is %d)", length, s.max)
			if _, err := io.CopyN(io.Discard, s.in, int64(length)); err != nil {
				return nil, 0, io.ErrUnexpectedEOF
			}
			continue
		}
		if cap(s.buf) < length {
			s.buf = make([]byte, length)
		}
		body := s.buf[:length]
		if _, err := io.ReadFull(s.in, body); err != nil {
			return nil, 0, io.ErrUnexpectedEOF
		}
		return body, int64(header + length), nil
	}
}

// maxHeaderLine bounds one header line.
const maxHeaderLine = 4096

// header reads a header block and returns its Content-Length. A block without one, or
// with a bad one, is an error: the stream cannot find the next frame after it.
func (s *boundedStream) header() (length, n int, err error) {
	length = -1
	for {
		line, err := s.in.ReadSlice('\n')
		n += len(line)
		if err != nil {
			if err == io.EOF && n == 0 {
				return 0, 0, io.EOF
			}
			if err == bufio.ErrBufferFull || len(line) > maxHeaderLine {
				return 0, 0, fmt.Errorf("header line longer than %d bytes", maxHeaderLine)
			}
			return 0, 0, io.ErrUnexpectedEOF
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			if length < 0 {
				if n <= 2 {
					continue // a stray blank line between frames
				}
				return 0, 0, fmt.Errorf("header without Content-Length")
			}
			return length, n, nil
		}
		name, value, ok := strings.Cut(string(line), ":")
		if !ok {
			return 0, 0, fmt.Errorf("bad header line %q", line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			v, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || v < 0 {
				return 0, 0, fmt.Errorf("bad Content-Length %q", value)
			}
			length = v
		}
	}
}

// ReadFrame reads the next frame's body, with the checks of Read: jsonrpc2 reads
// through it when the stream offers it. A body that is not a JSON object is refused
// here; jsonrpc2 answers other malformed objects itself.
func (s *boundedStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		body, n, err := s.next(ctx)
		if err != nil {
			return nil, 0, err
		}
		if !json.Valid(body) || bytes.TrimLeft(body, " \t\r\n")[0] != '{' {
			s.reject(ctx, fmt.Errorf("not a JSON object"))
			continue
		}
		if _, err := jsonrpc2.DecodeMessage(body); err != nil {
			s.reject(ctx, err)
			continue
		}
		return body, n, nil
	}
}

// WriteFrame writes an encoded body as one frame.
func (s *boundedStream) WriteFrame(ctx context.Context, data []byte) (int64, error) {
	return s.frames.WriteFrame(ctx, data)
}
