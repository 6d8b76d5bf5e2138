package io.weft.bench.compare;

import java.io.PrintStream;
import java.util.Locale;

/** Markdown tables for {@code bench compare ping}: both systems and the ratio OVN/Weft. */
final class PingReport {
    private final PrintStream out;

    PingReport(PrintStream out) {
        this.out = out;
    }

    /** One system alone (ratios left out). */
    void printAlone(PingResult r) {
        print(r, null);
    }

    /** Weft and OVN side by side; with {@code ovn} null, the first result alone (whichever system ran). */
    void print(PingResult weft, PingResult ovn) {
        out.println();
        out.printf(Locale.ROOT, "Time to first ping (netdev datapath, %d hosts, %d background endpoints; a new container"
                        + " pings the next host's container every %d ms from before the API call; ms)%n", weft.hosts(),
                weft.background(), NetdevBed.PING_INTERVAL_MS);
        out.println();
        out.println("| hosts | system | endpoints | API -> first reply p50 | p99 | max | port plugged -> first reply p50"
                + " | p99 | API -> ready mark p50 | p99 | port plugged -> ready mark p50 | p99 | ready mark -> first reply"
                + " min | p50 | max |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        row(weft);
        if (ovn == null) {
            restart(weft, null);
            return;
        }
        row(ovn);
        out.printf(Locale.ROOT, "| %d | ratio OVN/Weft | | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx |"
                        + " %.2fx | | | |%n",
                weft.hosts(), ratio(ovn.apiToFirstPing().p50(), weft.apiToFirstPing().p50()),
                ratio(ovn.apiToFirstPing().p99(), weft.apiToFirstPing().p99()),
                ratio(ovn.apiToFirstPing().max(), weft.apiToFirstPing().max()),
                ratio(ovn.plugToFirstPing().p50(), weft.plugToFirstPing().p50()),
                ratio(ovn.plugToFirstPing().p99(), weft.plugToFirstPing().p99()),
                ratio(ovn.apiToReady().p50(), weft.apiToReady().p50()),
                ratio(ovn.apiToReady().p99(), weft.apiToReady().p99()),
                ratio(ovn.plugToReady().p50(), weft.plugToReady().p50()),
                ratio(ovn.plugToReady().p99(), weft.plugToReady().p99()));
        restart(weft, ovn);
    }

    /**
     * Weft against the floor (OVS with one bundle a port and no controller logic, {@link FloorSystem}): from the
     * plug, since the floor has no API to call; and Weft's own account of its part.
     */
    void printAgainstFloor(PingResult weft, PingResult floor) {
        out.println();
        out.printf(Locale.ROOT, "Weft against the floor (netdev datapath, %d hosts; a new container pings the next host's"
                + " container every %d ms from before its port is plugged; ms)%n", weft.hosts(), NetdevBed.PING_INTERVAL_MS);
        out.println();
        out.println("| hosts | system | endpoints | port plugged -> first reply p50 | p99 | max | port plugged -> ready mark"
                + " p50 | p99 | its own clock: port seen -> mark confirmed p50 | p99 | of which its own part: port seen"
                + " -> flows written p50 | p99 | max | ready mark -> first reply p50 |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        floorRow(weft);
        floorRow(floor);
        out.printf(Locale.ROOT, "| %d | ratio Weft/floor | | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx | | | | |%n",
                weft.hosts(), ratio(weft.plugToFirstPing().p50(), floor.plugToFirstPing().p50()),
                ratio(weft.plugToFirstPing().p99(), floor.plugToFirstPing().p99()),
                ratio(weft.plugToFirstPing().max(), floor.plugToFirstPing().max()),
                ratio(weft.plugToReady().p50(), floor.plugToReady().p50()),
                ratio(weft.plugToReady().p99(), floor.plugToReady().p99()),
                ratio(weft.seenToReady().p50(), floor.seenToReady().p50()),
                ratio(weft.seenToReady().p99(), floor.seenToReady().p99()));
    }

    private void floorRow(PingResult r) {
        out.printf(Locale.ROOT, "| %d | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s | %s | %s | %s | %.1f |%n", r.hosts(),
                r.system(), r.plugToFirstPing().millis().size(), r.plugToFirstPing().p50(), r.plugToFirstPing().p99(),
                r.plugToFirstPing().max(), r.plugToReady().p50(), r.plugToReady().p99(), ms(r.seenToReady().p50()),
                ms(r.seenToReady().p99()), ms(r.ownPart().p50()), ms(r.ownPart().p99()), ms(r.ownPart().max()),
                r.readyToFirstPing().p50());
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private void restart(PingResult weft, PingResult ovn) {
        if (weft.restart() != null) {
            out.println();
            out.println("Controller restart while host0's container pings host1's every " + NetdevBed.PING_INTERVAL_MS
                    + " ms (Weft: the controller process; OVN: host0's ovn-controller; SIGTERM then start; the ping"
                    + " spans a control round without restart and the restart round). Flows seen on host0 by"
                    + " ovs-ofctl monitor watch:.");
            out.println();
            out.println("| hosts | system | pings sent | lost | flows on host0 | restart -> new port ready | deleted |"
                    + " deleted then re-added | longest absence | changed or gone after | OVS floor: replace-flows of"
                    + " host0's flows | ratio to it |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
            restartRow(weft);
            if (ovn != null) {
                restartRow(ovn);
            }
        }
    }

    private void row(PingResult r) {
        out.printf(Locale.ROOT, "| %d | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |"
                        + " %.1f | %.1f |%n",
                r.hosts(), r.system(), r.apiToFirstPing().millis().size(), r.apiToFirstPing().p50(),
                r.apiToFirstPing().p99(), r.apiToFirstPing().max(), r.plugToFirstPing().p50(),
                r.plugToFirstPing().p99(), r.apiToReady().p50(), r.apiToReady().p99(), r.plugToReady().p50(),
                r.plugToReady().p99(),
                r.readyToFirstPing().percentile(0), r.readyToFirstPing().p50(), r.readyToFirstPing().max());
    }

    private void restartRow(PingResult r) {
        RestartResult x = r.restart();
        ContinuousPing.Outcome p = r.pingAcrossRestart();
        out.printf(Locale.ROOT, "| %d | %s | %d | %d | %d | %.0f ms | %d | %d | %.1f ms | %d | %.0f ms | %.2fx |%n",
                r.hosts(), r.system(), p.sent(), p.lost().size(), x.flowsOnHost(), x.probeReadyMs(), x.deleted(),
                x.deletedThenReadded(), x.maxGapMs(), x.changedAfter(), x.replaceFlowsFloorMs(),
                x.probeReadyMs() / x.replaceFlowsFloorMs());
    }

    private static double ratio(double ovn, double weft) {
        return ovn / weft;
    }
}
