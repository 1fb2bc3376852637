/**
 * The Gogo console commands over the Jiffy APIs (DESIGN §10), as DS components, with the small
 * helpers they share: duration parsing and formatting, tables, and one-line errors. Private to
 * the shell bundle.
 */
package io.jiffy.shell.internal;
