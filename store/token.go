package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Token is an API token as stored: its hash, never the token itself.
type Token struct {
	ID        string
	Name      string
	Role      string
	CreatedAt time.Time
}

// Roles lists the roles a token may have.
var Roles = []string{"admin", "operator", "viewer", "integration"}

// ErrUnknownRole is returned by CreateToken for a role not in Roles.
var ErrUnknownRole = errors.New("store: unknown role")

const tokenPrefix = "ordo_"

// CreateToken makes a new API token, stores its hash under name and role,
// and returns the token, which cannot be recovered afterwards.
func CreateToken(ctx context.Context, db *sql.DB, name, role string,
	now time.Time) (string, error) {
	known := false
	for _, r := range Roles {
		known = known || r == role
	}
	if !known {
		return "", fmt.Errorf("%w %q: want one of %s", ErrUnknownRole, role,
			strings.Join(Roles, ", "))
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(secret)
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("store: token id: %w", err)
	}
	_, err = db.ExecContext(ctx, `INSERT INTO api_tokens (id, name, role, hash, created_at)
		VALUES ($1, $2, $3, $4, $5)`, id.String(), name, role, hashToken(token), Micros(now))
	if err != nil {
		return "", fmt.Errorf("store: create token %q: %w", name, err)
	}
	return token, nil
}

// Authenticate returns the stored token that token is, or ErrNotFound.
func Authenticate(ctx context.Context, q Querier, token string) (*Token, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return nil, ErrNotFound
	}
	var t Token
	var created int64
	err := q.QueryRowContext(ctx, `SELECT id, name, role, created_at FROM api_tokens
		WHERE hash = $1`, hashToken(token)).Scan(&t.ID, &t.Name, &t.Role, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: authenticate: %w", err)
	}
	t.CreatedAt = FromMicros(created)
	return &t, nil
}

// hashToken is SHA-256: a token carries 256 random bits, so a slow hash
// would add nothing but latency to every request.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
