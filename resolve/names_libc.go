package resolve

import (
	"context"
	"os/user"
	"strconv"
	"time"
)

// libcNames is the name service of systems without glibc's name service switch.
type libcNames struct{}

func (libcNames) userByID(uid int) (User, bool) {
	return fromOSUser(user.LookupId(strconv.Itoa(uid)))
}

func (libcNames) userByName(name string) (User, bool) {
	return fromOSUser(user.Lookup(name))
}

// fromOSUser is the answer of an os/user lookup.
func fromOSUser(u *user.User, err error) (User, bool) {
	if err != nil {
		return User{}, false
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return User{}, false
	}
	return User{Name: u.Username, UID: uid, Home: u.HomeDir}, true
}

// lookupHost resolves a name for canonicalisation, for at most 5 seconds, with Go's
// resolver.
func (libcNames) lookupHost(ctx context.Context, name string) (string, bool) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return goLookupHost(ctx, name)
}
