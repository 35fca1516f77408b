;;; drive.el --- Drives the Bulkhead language server from Emacs's eglot, in batch mode  -*- lexical-binding: t -*-
;; Loads the README's configuration ($BULKHEAD_CONFIG) as a user's init.el would, visits $BULKHEAD_FILE, waits for
;; eglot to connect and for the diagnostics to reach flymake, then asks for the code actions on line 3 and prints
;; what it saw, one fact a line, for test/emacs/emacs.test.mjs:
;;   SERVER <command line>   DIAG <line>:<column> <flymake type> <text>   ACTION <title>[ (preferred)]   DONE | FAIL <why>
;; Waits on conditions (accept-process-output until a deadline), never on fixed sleeps.

(load (expand-file-name "packages.el" (file-name-directory load-file-name)) nil t)

(defun bulkhead-out (format-string &rest args)
  (princ (concat (apply #'format format-string args) "\n")))

(defun bulkhead-wait (what predicate seconds)
  "Process output until PREDICATE holds, for at most SECONDS; fail naming WHAT."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall predicate) (error "Timed out waiting for %s" what))))

(condition-case err
    (progn
      (load (getenv "BULKHEAD_CONFIG") nil t)
      (find-file (getenv "BULKHEAD_FILE"))
      (unless (eq major-mode 'dockerfile-mode) (error "Visited in %s, not dockerfile-mode" major-mode))
      ;; eglot-ensure connects from post-command-hook, after the command that visited the file: batch mode runs no
      ;; commands, so run the hook once as the end of that command would
      (run-hooks 'post-command-hook)
      (bulkhead-wait "eglot to connect" #'eglot-current-server 30)
      (bulkhead-out "SERVER %s" (mapconcat #'identity (process-command (jsonrpc--process (eglot-current-server))) " "))
      (bulkhead-wait "diagnostics in flymake" #'flymake-diagnostics 30)
      (dolist (d (sort (flymake-diagnostics)
                       (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))
        (save-excursion
          (goto-char (flymake-diagnostic-beg d))
          (bulkhead-out "DIAG %d:%d %s %s" (line-number-at-pos) (current-column) (flymake-diagnostic-type d)
                        (flymake-diagnostic-text d))))
      ;; what M-x eglot-code-actions asks for with point on line 3 (the ADD instruction), without the menu
      (goto-char (point-min))
      (forward-line 2)
      (dolist (action (eglot-code-actions (line-beginning-position) (line-end-position)))
        (bulkhead-out "ACTION %s%s" (plist-get action :title)
                      (if (eq (plist-get action :isPreferred) t) " (preferred)" "")))
      (eglot-shutdown (eglot-current-server))
      (bulkhead-out "DONE")
      (kill-emacs 0))
  (error
   (bulkhead-out "FAIL %s" (error-message-string err))
   (kill-emacs 1)))
