package resolve

import (
	"path/filepath"
	"testing"
)

// TestOSEnvMakesRelativeHomeAbsolute checks that --home h1 is taken from the working
// directory: a relative home would make Include and IdentityFile paths relative, and the
// same directory would look different when named through ~ and through the config path.
func TestOSEnvMakesRelativeHomeAbsolute(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	want := filepath.Join(dir, "h1")
	env := OSEnv("h1", false)
	if env.User.Home != want {
		t.Errorf("User.Home = %q, want %q", env.User.Home, want)
	}
	if got, _ := env.Getenv("HOME"); got != want {
		t.Errorf("$HOME = %q, want %q", got, want)
	}
}
