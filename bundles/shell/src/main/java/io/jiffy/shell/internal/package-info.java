/**
 * The Gogo console commands over the Jiffy APIs (DESIGN §10), as DS components (helpers in
 * {@code io.jiffy.shell.console}). Private to the shell bundle.
 */
package io.jiffy.shell.internal;
