;;; sshcfg.el --- Eglot setup for the sshcfg language server  -*- lexical-binding: t; -*-

;; Author: the sshcfg authors
;; Version: 0.1
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools, ssh
;; URL: https://github.com/sshcfg/sshcfg

;;; Commentary:

;; Registers `sshcfg lsp' with Eglot for OpenSSH client configuration files:
;; for `ssh-config-mode' (from the ssh-config-mode package) when that is installed, and
;; for `sshcfg-config-mode', a small major mode defined here (comments, keyword
;; highlighting), which is put on ~/.ssh/config, ~/.ssh/config.d/*,
;; /etc/ssh/ssh_config and /etc/ssh/ssh_config.d/* when ssh-config-mode is absent.
;;
;; Settings (`sshcfg-target-openssh', `sshcfg-rules') reach the server as
;; initializationOptions and as the "sshcfg" section of the workspace configuration; an
;; :sshcfg section of `eglot-workspace-configuration' (for instance in .dir-locals.el)
;; takes precedence over them.
;;
;;   (require 'sshcfg)
;;   (add-hook 'sshcfg-config-mode-hook #'eglot-ensure)
;;   (add-hook 'ssh-config-mode-hook #'eglot-ensure)

;;; Code:

(require 'cl-lib)
(require 'eglot)

(defgroup sshcfg nil
  "OpenSSH client configuration checked by sshcfg."
  :group 'languages
  :prefix "sshcfg-")

(defcustom sshcfg-executable "sshcfg"
  "The sshcfg command Eglot starts (as \"sshcfg lsp\")."
  :type 'string)

(defcustom sshcfg-target-openssh nil
  "The OpenSSH the configuration is checked for: \"9.2\", \"debian-9.2\"...
nil leaves the server's default (as `sshcfg --openssh' does)."
  :type '(choice (const :tag "Server default" nil) string))

(defcustom sshcfg-rules nil
  "Alist of (RULE . LEVEL) for the server's rules.
RULE is an id or slug (\"SC4001\"), LEVEL one of \"off\", \"note\",
\"warning\" or \"error\"."
  :type '(alist :key-type string
                :value-type (choice (const "off") (const "note")
                                    (const "warning") (const "error"))))

(defun sshcfg-settings ()
  "The server settings as a plist, which Eglot encodes as JSON.
{\"targetOpenSSH\": ..., \"rules\": {...}}."
  (append
   (and sshcfg-target-openssh (list :targetOpenSSH sshcfg-target-openssh))
   (and sshcfg-rules
        (list :rules (cl-loop for (rule . level) in sshcfg-rules
                              append (list (intern (concat ":" rule)) level))))))

(defclass sshcfg-eglot-server (eglot-lsp-server) ()
  :documentation "An Eglot connection to `sshcfg lsp'.")

(defun sshcfg--contact (&optional _interactive)
  "The Eglot contact for `sshcfg lsp', with the settings as initializationOptions."
  (list 'sshcfg-eglot-server sshcfg-executable "lsp"
        :initializationOptions (lambda (_server) (or (sshcfg-settings) eglot--{}))))

(defun sshcfg--workspace-configuration (plist &optional server &rest _)
  "Add the sshcfg settings to PLIST, the workspace configuration for SERVER.
An :sshcfg section already there (from `eglot-workspace-configuration')
wins.  Without this Eglot would push an empty configuration after
connecting, which would replace the initializationOptions."
  (if (and (cl-typep server 'sshcfg-eglot-server)
           (not (plist-member plist :sshcfg)))
      (append plist (list :sshcfg (or (sshcfg-settings) eglot--{})))
    plist))

(defun sshcfg--workspace-configuration-around (orig server &rest args)
  "Call ORIG (Eglot's workspace configuration) for SERVER with ARGS.
Add sshcfg's settings for an sshcfg server."
  (sshcfg--workspace-configuration (apply orig server args) server))

(advice-add 'eglot--workspace-configuration-plist :around
            #'sshcfg--workspace-configuration-around)

;;; The fallback major mode

(defconst sshcfg-keywords
  '(
    "AddKeysToAgent" "AddressFamily" "AFSTokenPassing" "BatchMode" "BindAddress"
    "BindInterface" "CanonicalDomains" "CanonicalizeFallbackLocal"
    "CanonicalizeHostname" "CanonicalizeMaxDots" "CanonicalizePermittedCNAMEs"
    "CASignatureAlgorithms" "CertificateFile" "ChallengeResponseAuthentication"
    "ChannelTimeout" "CheckHostIP" "Cipher" "Ciphers" "ClearAllForwardings"
    "Compression" "CompressionLevel" "ConnectionAttempts" "ConnectTimeout"
    "ControlMaster" "ControlPath" "ControlPersist" "DSAAuthentication" "DynamicForward"
    "EnableEscapeCommandline" "EnableSSHKeysign" "EscapeChar" "ExitOnForwardFailure"
    "FallBackToRsh" "FingerprintHash" "ForkAfterAuthentication" "ForwardAgent"
    "ForwardX11" "ForwardX11Timeout" "ForwardX11Trusted" "GatewayPorts"
    "GlobalKnownHostsFile" "GlobalKnownHostsFile2" "GSSAPIAuthentication"
    "GSSAPIClientIdentity" "GSSAPIDelegateCredentials" "GSSAPIKexAlgorithms"
    "GSSAPIKeyExchange" "GSSAPIRenewalForcesRekey" "GSSAPIServerIdentity"
    "GSSAPITrustDns" "HashKnownHosts" "Host" "HostbasedAcceptedAlgorithms"
    "HostbasedAuthentication" "HostbasedKeyTypes" "HostKeyAlgorithms" "HostKeyAlias"
    "Hostname" "IdentitiesOnly" "IdentityAgent" "IdentityFile" "IdentityFile2"
    "IgnoreUnknown" "Include" "IPQoS" "KbdInteractiveAuthentication"
    "KbdInteractiveDevices" "KeepAlive" "KerberosAuthentication" "KerberosTgtPassing"
    "KexAlgorithms" "KnownHostsCommand" "LocalCommand" "LocalForward" "LogLevel"
    "LogVerbose" "MACs" "Match" "NoHostAuthenticationForLocalhost"
    "NumberOfPasswordPrompts" "ObscureKeystrokeTiming" "PasswordAuthentication"
    "PermitLocalCommand" "PermitRemoteOpen" "PKCS11Provider" "Port"
    "PreferredAuthentications" "Protocol" "ProtocolKeepAlives" "ProxyCommand"
    "ProxyJump" "ProxyUseFdpass" "PubkeyAcceptedAlgorithms" "PubkeyAcceptedKeyTypes"
    "PubkeyAuthentication" "RefuseConnection" "RekeyLimit" "RemoteCommand"
    "RemoteForward" "RequestTTY" "RequiredRSASize" "RevokedHostKeys"
    "RhostsAuthentication" "RhostsRSAAuthentication" "RSAAuthentication"
    "SecurityKeyProvider" "SendEnv" "ServerAliveCountMax" "ServerAliveInterval"
    "SessionType" "SetEnv" "SetupTimeOut" "SkeyAuthentication" "SmartcardDevice"
    "StdinNull" "StreamLocalBindMask" "StreamLocalBindUnlink" "StrictHostKeyChecking"
    "SyslogFacility" "Tag" "TCPKeepAlive" "TISAuthentication" "Tunnel" "TunnelDevice"
    "UpdateHostKeys" "UseKeychain" "UsePrivilegedPort" "User" "UserKnownHostsFile"
    "UserKnownHostsFile2" "UseRoaming" "UseRsh" "VerifyHostKeyDNS" "VersionAddendum"
    "VisualHostKey" "WarnWeakCrypto" "XAuthLocation"
   )
  "Every keyword ssh_config(5) accepts, aliases included.
Checked against sshcfg's keyword table by cmd/sshcfg/editor_emacs_test.go.")

(defconst sshcfg--font-lock-keywords
  `((,(concat "^[ \t]*\\(" (regexp-opt '("Host" "Match") t) "\\)\\_>[ \t=]*\\(.*\\)$")
     (1 font-lock-keyword-face) (3 font-lock-function-name-face))
    (,(concat "^[ \t]*\\(" (regexp-opt sshcfg-keywords t) "\\)\\_>")
     (1 font-lock-builtin-face)))
  "Highlighting for `sshcfg-config-mode'.")

(defvar sshcfg-config-mode-syntax-table
  (let ((st (make-syntax-table)))
    (modify-syntax-entry ?# "<" st)
    (modify-syntax-entry ?\n ">" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?- "_" st)
    (modify-syntax-entry ?_ "_" st)
    (modify-syntax-entry ?. "_" st)
    st)
  "Syntax table for `sshcfg-config-mode'.")

;;;###autoload
(define-derived-mode sshcfg-config-mode prog-mode "ssh-config"
  "Major mode for OpenSSH client configuration (ssh_config), checked by sshcfg."
  :syntax-table sshcfg-config-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+[ \t]*")
  (setq-local comment-end "")
  (setq-local font-lock-defaults '(sshcfg--font-lock-keywords nil t)))

(defconst sshcfg-file-patterns
  '("/\\.ssh/config\\'" "/\\.ssh/config\\.d/[^/]+\\'"
    "/etc/ssh/ssh_config\\'" "/etc/ssh/ssh_config\\.d/[^/]+\\'")
  "File names `sshcfg-config-mode' is for when ssh-config-mode is not installed.")

(unless (or (fboundp 'ssh-config-mode) (locate-library "ssh-config-mode"))
  (dolist (re sshcfg-file-patterns)
    (add-to-list 'auto-mode-alist (cons re 'sshcfg-config-mode))))

;;; Eglot

(add-to-list 'eglot-server-programs
             (cons '(ssh-config-mode sshcfg-config-mode) #'sshcfg--contact))

(provide 'sshcfg)
;;; sshcfg.el ends here
