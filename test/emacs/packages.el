;;; packages.el --- What the Emacs tier needs: eglot and dockerfile-mode  -*- lexical-binding: t -*-
;; Loaded by drive.el, and alone by test/tiers.mjs to tell whether the tier can run (it fails when one is missing).
(require 'package)
;; what Emacs's normal start does and -Q leaves out: Debian's elpa-* packages (elpa-eglot, elpa-dockerfile-mode) live
;; here; eglot is built into Emacs 29 and later
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'dockerfile-mode)
