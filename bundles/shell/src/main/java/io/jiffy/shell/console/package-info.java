/**
 * What every Gogo command of Jiffy shares: one-line errors and argument checks ({@link
 * io.jiffy.shell.console.Console}), durations with units ({@link io.jiffy.shell.console.Durations})
 * and tables ({@link io.jiffy.shell.console.Table}). Not exported: driver bundles that bring
 * their own commands take a private copy with bnd's {@code -conditionalpackage}.
 */
package io.jiffy.shell.console;
