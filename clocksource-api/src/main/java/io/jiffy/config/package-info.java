/**
 * Reading a bundle's configuration values ({@link io.jiffy.config.ConfigReader}): what the machine
 * and the drivers share when they check their ConfigAdmin properties. Not exported: each bundle
 * that reads configuration takes a private copy with bnd's {@code -conditionalpackage}, so the
 * API bundles' exported packages and versions do not change with it.
 */
package io.jiffy.config;
