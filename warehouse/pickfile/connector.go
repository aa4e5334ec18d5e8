// Package pickfile is the sftp connector: it speaks to a 3PL that has no
// API but exchanges CSV files in a directory, usually on an SFTP server.
//
// A Connector writes one pick file for each batch of releases, and one
// cancel file for each batch of cancels, into the picks directory. A pick
// file has a row for each line to pick, under the reference of its release,
// which is the fulfilment order's id. A cancel file has the first five
// columns of a pick file and a row for each line to stop, under that same
// reference, since it is the one the 3PL knows the order by. The 3PL
// reports what became of each fulfilment order by dropping status files
// under that reference too, which a filedrop.Poller takes with the Handler
// that StatusHandler returns. The columns of every kind of file are named
// in the configuration, so that Ordo speaks the 3PL's format rather than
// the other way round. ThirdParty plays the 3PL's side, for the demo and
// for tests.
package pickfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sync"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/warehouse"
)

// batchSize is the most instructions one pick file holds.
const batchSize = 500

// DialFunc connects to the directory that files are exchanged in. The
// Closer ends the connection; it is nil when there is nothing to end.
type DialFunc func(ctx context.Context) (filedrop.Dir, io.Closer, error)

// DialSFTP returns a DialFunc that connects to the SFTP server of opts.
func DialSFTP(opts filedrop.Options) DialFunc {
	return func(ctx context.Context) (filedrop.Dir, io.Closer, error) {
		c, err := filedrop.Dial(ctx, opts)
		if err != nil {
			return nil, nil, err
		}
		return c, c, nil
	}
}

// Static returns a DialFunc that always returns d, a directory that needs
// no connection, such as a filedrop.LocalDir.
func Static(d filedrop.Dir) DialFunc {
	return func(context.Context) (filedrop.Dir, io.Closer, error) { return d, nil, nil }
}

// Options configure a Connector.
type Options struct {
	// Location is the id of the 3PL, as errors name it.
	Location string
	// Dial connects to the directory shared with the 3PL. The connection
	// is kept between sends; after a send fails, the next one dials again.
	Dial DialFunc
	// Picks is the directory, inside the one Dial connects to, that pick
	// and cancel files are written to. It is created if it is missing.
	Picks string
	// Delimiter separates the columns; empty means a comma.
	Delimiter string
	// Columns names the columns of a pick file, as the 3PL reads them; a
	// cancel file has the reference, order id, line id, SKU and quantity
	// columns of the same names. Every name must be given;
	// config.Config.WithDefaults fills them in.
	Columns config.PickColumns
}

// Connector sends instructions to a 3PL as pick and cancel files. It is
// safe for concurrent use; its sends are made one at a time.
type Connector struct {
	o      Options
	format format

	mu     sync.Mutex
	dir    filedrop.Dir // nil until dialled, and after a failed send
	closer io.Closer
	ready  bool // whether Picks is known to exist on dir
}

var _ warehouse.Connector = (*Connector)(nil)

// New returns a Connector with the given options, or an error naming each
// option that is missing or wrong.
func New(o Options) (*Connector, error) {
	var errs []error
	if o.Location == "" {
		errs = append(errs, errors.New("pickfile: options: Location is missing"))
	}
	if o.Dial == nil {
		errs = append(errs, errors.New("pickfile: options: Dial is missing"))
	}
	o.Picks = path.Clean(o.Picks)
	if !fs.ValidPath(o.Picks) {
		errs = append(errs, fmt.Errorf("pickfile: options: Picks %q is not a directory "+
			"inside the one Dial connects to", o.Picks))
	}
	f, err := newFormat(o.Delimiter, o.Columns)
	if err != nil {
		errs = append(errs, fmt.Errorf("pickfile: options: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &Connector{o: o, format: f}, nil
}

// BatchSize is the most instructions one Send takes: 500.
func (c *Connector) BatchSize() int { return batchSize }

// Send writes the batch's releases as one pick file and its cancels as one
// cancel file, each named after the references it holds, so that sending
// the same batch again replaces the file rather than adding another. Each
// file is written under a temporary name and then renamed, so the 3PL never
// sees one part-written. Delivering a file is all the 3PL acknowledges, so
// every instruction is Accepted; what the 3PL does with it comes back in
// status files.
//
// A batch larger than BatchSize, or with an instruction that no file can
// carry, such as a release without lines or a cancel without a fulfilment
// id, fails with a *warehouse.PermanentError. Any other error, such as a
// broken connection, is worth retrying.
func (c *Connector) Send(ctx context.Context, batch []warehouse.Instruction) (
	[]warehouse.Answer, error) {
	if len(batch) > batchSize {
		return nil, &warehouse.PermanentError{Location: c.o.Location, Detail: fmt.Sprintf(
			"a batch of %d instructions; a pick file holds at most %d", len(batch), batchSize)}
	}
	files, err := c.format.files(c.o.Location, batch)
	if err != nil {
		return nil, err
	}
	if len(files) > 0 {
		if err := c.put(ctx, files); err != nil {
			return nil, fmt.Errorf("pickfile: send to %s: %w", c.o.Location, err)
		}
	}
	answers := make([]warehouse.Answer, len(batch))
	for i, in := range batch {
		answers[i] = warehouse.Answer{Reference: in.Reference, Outcome: warehouse.Accepted}
	}
	return answers, nil
}

// Close ends the connection to the directory, if there is one.
func (c *Connector) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hangUp()
}

// put writes files into Picks, dialling first if there is no connection.
// A failure ends the connection, so that the next call dials anew.
func (c *Connector) put(ctx context.Context, files []file) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.putOnce(ctx, files)
	if err != nil {
		// The error that counts is the one that broke the send.
		_ = c.hangUp()
	}
	return err
}

func (c *Connector) putOnce(ctx context.Context, files []file) error {
	if c.dir == nil {
		dir, closer, err := c.o.Dial(ctx)
		if err != nil {
			return err
		}
		c.dir, c.closer = dir, closer
	}
	if !c.ready && c.o.Picks != "." {
		if err := c.dir.MkdirAll(ctx, c.o.Picks); err != nil {
			return err
		}
	}
	c.ready = true
	for _, f := range files {
		if err := filedrop.Put(ctx, c.dir, path.Join(c.o.Picks, f.name), f.data); err != nil {
			return err
		}
	}
	return nil
}

// hangUp ends the connection and forgets it.
func (c *Connector) hangUp() error {
	closer := c.closer
	c.dir, c.closer, c.ready = nil, nil, false
	if closer == nil {
		return nil
	}
	if err := closer.Close(); err != nil {
		return fmt.Errorf("pickfile: close connection to %s: %w", c.o.Location, err)
	}
	return nil
}
