;;; init.el --- make Debian's elpa-* packages (eglot) loadable under emacs -Q  -*- lexical-binding: t; -*-

;; `emacs -Q' skips site-start, so the packages Debian installs under
;; /usr/share/emacs/site-lisp/elpa (elpa-eglot) are not activated; package.el is
;; pointed at them here.  Emacs 29 has eglot built in and needs nothing of this.

(require 'package)
(setq package-user-dir (expand-file-name "elpa" user-emacs-directory))
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
