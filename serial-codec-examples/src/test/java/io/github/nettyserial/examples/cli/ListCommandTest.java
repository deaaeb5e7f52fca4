package io.github.nettyserial.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialPortInfo;
import io.github.nettyserial.SerialPorts;
import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.examples.testutil.CliRun.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@code serial list --json} read by Python's json module, and the filter. */
class ListCommandTest {

    private static final SerialPortInfo FTDI = SerialPortInfo.builder("/dev/ttyUSB0").description("FT232R \"USB\" UART")
            .hwid("USB VID:PID=0403:6001 SER=A12 LOCATION=1-1.2:1.0").usb(0x0403, 0x6001).serialNumber("A12")
            .manufacturer("FTDI").build();
    private static final SerialPortInfo UART = SerialPortInfo.builder("/dev/ttyS0").description("ttyS0")
            .hwid("PNP0501").build();

    @Test
    void jsonIsReadByPython() throws Exception {
        String json = ListCommand.json(List.of(FTDI, UART));
        String checked = python("import json,sys; d = json.load(sys.stdin); "
                + "print(d[0]['device'], d[0]['description'], d[0]['vid'], d[0]['pid'], d[1]['vid'], d[1]['hwid'])", json);
        assertEquals("/dev/ttyUSB0 FT232R \"USB\" UART 1027 24577 None PNP0501\n", checked);
        assertEquals("0\n", python("import json,sys; print(len(json.load(sys.stdin)))", ListCommand.json(List.of())));
    }

    @Test
    void jsonListsWhatTheMachineHas() throws Exception {
        Result r = CliRun.run("list", "--json");
        assertEquals(0, r.code(), r.toString());
        String devices = python("import json,sys; print(' '.join(p['device'] for p in json.load(sys.stdin)))", r.out());
        StringBuilder expected = new StringBuilder();
        for (SerialPortInfo p : SerialPorts.list()) {
            expected.append(expected.length() == 0 ? "" : " ").append(p.device());
        }
        assertEquals(expected + "\n", devices);
    }

    @Test
    void filterByRegexOrUsbIds() throws Exception {
        assertTrue(ListCommand.filter("ttyUSB").test(FTDI));
        assertTrue(ListCommand.filter("ft232").test(FTDI), "case-insensitive, on the description");
        assertTrue(ListCommand.filter("PNP05").test(UART), "on the hwid");
        assertFalse(ListCommand.filter("ttyUSB").test(UART));
        Predicate<SerialPortInfo> ids = ListCommand.filter("0403:6001");
        assertTrue(ids.test(FTDI));
        assertFalse(ids.test(UART));
        assertFalse(ListCommand.filter("0403:6015").test(FTDI));
        assertTrue(ListCommand.filter("0403:").test(FTDI), "any product of a vendor");

        Result none = CliRun.run("list", "no-port-is-called-this");
        assertEquals(0, none.code(), none.toString());
        assertEquals("", none.out());
        assertEquals("0 ports found\n", none.err());

        Result bad = CliRun.run("list", "(");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().startsWith("serial list: FILTER: '(' (expected a regular expression or VID:PID"), bad.err());
    }

    private static String python(String program, String stdin) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", program).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out + "\n" + stdin);
        return out;
    }
}
