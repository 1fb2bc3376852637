package io.jiffy.timer;

/**
 * One pending timer as shown by {@code timer:list}.
 *
 * @param id        the timer's id
 * @param cpu       the CPU whose wheel holds it
 * @param expires   expiry in jiffies
 * @param remaining jiffies left
 * @param function  a description of its function
 * @param owner     symbolic name of the bundle that made it
 */
public record TimerInfo(long id, int cpu, long expires, long remaining, String function, String owner) {
}
