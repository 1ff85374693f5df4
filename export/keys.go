package export

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"carekiosk/model"
)

// signingSecret names the store secret that seeds the station's key.
const signingSecret = "station-signing-key"

// publicKeyPrefix starts the text form of a public key.
const publicKeyPrefix = "carekiosk-ed25519:"

// stationKey returns the station's ed25519 signing key, made on first use
// from a random per-installation secret kept in the database (so a restore
// of the data folder keeps the key the county knows).
func stationKey(ctx context.Context, st Keys) (ed25519.PrivateKey, error) {
	seed, err := st.Secret(ctx, signingSecret)
	if err != nil {
		return nil, err
	}
	if len(seed) != ed25519.SeedSize {
		return nil, model.Errorf(model.ESTORAGE, "站点签名密钥已损坏", "the station's signing key is damaged")
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// PublicKey returns the station's public key, making the key pair on first
// use. The county keeps it to check this station's bundles.
func PublicKey(ctx context.Context, st Keys) (ed25519.PublicKey, error) {
	k, err := stationKey(ctx, st)
	if err != nil {
		return nil, err
	}
	return k.Public().(ed25519.PublicKey), nil
}

// FormatPublicKey renders a public key as one line: carekiosk-ed25519:BASE64.
func FormatPublicKey(pub ed25519.PublicKey) string {
	return publicKeyPrefix + base64.StdEncoding.EncodeToString(pub)
}

// Fingerprint is a short form of a public key to read out over the phone:
// the first 16 hex digits of its SHA-256, in groups of four.
func Fingerprint(pub ed25519.PublicKey) string {
	h := sha256.Sum256(pub)
	x := hex.EncodeToString(h[:8])
	return x[0:4] + "-" + x[4:8] + "-" + x[8:12] + "-" + x[12:16]
}

// ParsePublicKey reads a public key file as `carekiosk pubkey` prints it:
// lines starting with # are comments; the key is carekiosk-ed25519:BASE64,
// bare base64, or 64 hex digits.
func ParsePublicKey(b []byte) (ed25519.PublicKey, error) {
	for _, line := range bytes.Split(b, []byte("\n")) {
		s := strings.TrimSpace(string(line))
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		s = strings.TrimPrefix(s, publicKeyPrefix)
		if k, err := hex.DecodeString(s); err == nil && len(k) == ed25519.PublicKeySize {
			return ed25519.PublicKey(k), nil
		}
		if k, err := base64.StdEncoding.DecodeString(s); err == nil && len(k) == ed25519.PublicKeySize {
			return ed25519.PublicKey(k), nil
		}
		break
	}
	return nil, model.FieldErrorf("pubkey", "公钥文件格式不对：应为 carekiosk pubkey 打印的一行 carekiosk-ed25519:…", "the public key file is not valid: expected the line carekiosk-ed25519:… that carekiosk pubkey prints")
}
