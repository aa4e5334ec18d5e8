package filedrop

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
)

// Put writes data to the file name in d so that no reader ever sees it
// part-written: it writes a temporary file beside it, whose name a Poller
// never takes, and renames that onto name, replacing a file of that name.
// When it fails, name is as it was.
func Put(ctx context.Context, d Dir, name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	var nonce [6]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return fmt.Errorf("filedrop: put %s: %w", name, err)
	}
	base := "." + path.Base(name) + "." + hex.EncodeToString(nonce[:]) + ".tmp"
	tmp := path.Join(path.Dir(name), base)
	err := d.WriteFile(ctx, tmp, data)
	if err == nil {
		err = d.Rename(ctx, tmp, name)
	}
	if err != nil {
		// The temporary file is left behind only if it cannot be removed
		// either; its name keeps it from ever being taken.
		if rmErr := d.Remove(context.WithoutCancel(ctx), tmp); rmErr != nil &&
			!errors.Is(rmErr, fs.ErrNotExist) {
			err = errors.Join(err, rmErr)
		}
		return fmt.Errorf("filedrop: put %s: %w", name, err)
	}
	return nil
}
