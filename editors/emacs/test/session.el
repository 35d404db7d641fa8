;;; session.el --- one Eglot session with `sshcfg lsp', run by editor_emacs_test.go  -*- lexical-binding: t; -*-

;; Environment: SERVER (the sshcfg binary), CONFIG (the file to open), OUT (where the
;; results go, as JSON), EXPECT (the diagnostics to wait for, "SC1001:3:error
;; SC4001:4:note": rule id, 0-based line and Flymake type without its eglot- prefix),
;; TIMEOUT (seconds each wait may take).
;;
;; Every wait polls with `accept-process-output' until a condition holds or a deadline
;; passes; nothing sleeps for a fixed time to synchronise.

(require 'json)
(require 'subr-x)

(defvar session-results nil "Alist of results, written to OUT as JSON.")
(defvar session-errors nil "What went wrong, in order.")

(defun session-put (key value)
  (setf (alist-get key session-results) value))

(defun session-error (fmt &rest args)
  (push (apply #'format fmt args) session-errors))

(defvar session-timeout (string-to-number (or (getenv "TIMEOUT") "10")))

(defun session-wait (what pred)
  "Poll until PRED returns non-nil, at most `session-timeout' seconds; return its value.
On timeout record an error naming WHAT and return nil."
  (let ((deadline (+ (float-time) session-timeout))
        value)
    (while (and (not (setq value (funcall pred)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless value
      (session-error "timed out after %ss waiting for %s" session-timeout what))
    value))

(defun session-diagnostics ()
  "The Flymake diagnostics of the buffer that came from Eglot, as alists, by line."
  (sort
   (cl-loop for d in (flymake-diagnostics)
            for lsp = (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))
            when lsp
            collect `((code . ,(format "%s" (plist-get lsp :code)))
                      (line . ,(1- (line-number-at-pos (flymake-diagnostic-beg d))))
                      (type . ,(symbol-name (flymake-diagnostic-type d)))
                      (message . ,(flymake-diagnostic-text d))))
   (lambda (a b) (< (alist-get 'line a) (alist-get 'line b)))))

(defun session-key (diags)
  (mapconcat (lambda (d) (format "%s:%d:%s" (alist-get 'code d) (alist-get 'line d)
                                 (string-remove-prefix "eglot-" (alist-get 'type d))))
             diags " "))

(defun session-run ()
  (setq sshcfg-executable (getenv "SERVER"))
  ;; settings the test checks reach the server
  (setq sshcfg-target-openssh "9.2")
  (setq sshcfg-rules '(("SC4001" . "note")))
  ;; the files the fallback mode is for (ssh-config-mode is not installed)
  (session-put 'auto_modes
               (vconcat
                (mapcar (lambda (f)
                          (list f (format "%s" (assoc-default f auto-mode-alist #'string-match))))
                        '("/home/u/.ssh/config" "/home/u/.ssh/config.d/work"
                          "/etc/ssh/ssh_config" "/etc/ssh/ssh_config.d/20-local.conf"
                          "/home/u/.ssh/known_hosts"))))
  (find-file (getenv "CONFIG"))
  (session-put 'mode (symbol-name major-mode))
  (session-put 'comment_start comment-start)
  ;; the keyword face on a known keyword, so font-lock is checked too
  (font-lock-ensure)
  (save-excursion
    (goto-char (point-min))
    (re-search-forward "^ *\\(HostName\\)")
    (session-put 'keyword_face (format "%s" (get-text-property (match-beginning 1) 'face))))
  ;; what a user's (add-hook 'sshcfg-config-mode-hook #'eglot-ensure) does: eglot-ensure
  ;; connects on the next command, run here by hand (batch mode runs no commands)
  (eglot-ensure)
  (run-hooks 'post-command-hook)
  (let ((server (session-wait "the connection" #'eglot-current-server)))
    (when server
      (session-put 'server_class (symbol-name (eieio-object-class server)))
      (session-put 'managed (and eglot--managed-mode t))
      ;; diagnostics, through Flymake (the server may publish a quick stage first)
      (let ((want (getenv "EXPECT")))
        (session-wait (format "diagnostics %s" want)
                      (lambda ()
                        (flymake-start nil t)
                        (string= (session-key (session-diagnostics)) want))))
      (session-put 'diagnostics (vconcat (session-diagnostics)))
      ;; hover on the alias of the Host web line
      (save-excursion
        (goto-char (point-min))
        (re-search-forward "^Host \\(web\\)$")
        (goto-char (match-beginning 1))
        (let* ((hover (jsonrpc-request server :textDocument/hover
                                       (eglot--TextDocumentPositionParams)
                                       :timeout session-timeout))
               (contents (plist-get hover :contents)))
          (session-put 'hover (if (stringp contents) contents
                                (or (plist-get contents :value) (format "%S" contents))))))
      ;; still the same after that round trip (settings pushed after connecting must not
      ;; undo the initializationOptions)
      (session-put 'diagnostics_after (session-key (session-diagnostics)))
      ;; clean shutdown: the shutdown request, the exit notification, then the server
      ;; must exit by itself with status 0.  These are the steps of `eglot-shutdown',
      ;; which cannot be used as is to check the exit status: its `jsonrpc-shutdown'
      ;; deletes the process (SIGKILL) right after sending exit, racing the server.
      (let ((proc (jsonrpc--process server)))
        (setf (eglot--shutdown-requested server) t)
        (jsonrpc-request server :shutdown nil :timeout session-timeout)
        (jsonrpc-notify server :exit nil)
        (session-wait "the server to exit" (lambda () (not (process-live-p proc))))
        (session-put 'exit_status (process-exit-status proc))
        ;; Eglot notices (process sentinel) and stops managing the buffer
        (session-wait "Eglot to let go of the buffer"
                      (lambda () (not (or (eglot-current-server) eglot--managed-mode))))
        (session-put 'managed_after (and eglot--managed-mode t))
        (session-put 'running_after (and (jsonrpc-running-p server) t))))))

(condition-case err
    (session-run)
  (error (session-error "error: %S" err)))
(session-put 'errors (vconcat (reverse session-errors)))
(with-temp-file (getenv "OUT")
  (insert (json-encode session-results)))
(kill-emacs 0)
