package io.github.nettyserial.windows;

import io.github.nettyserial.testkit.VirtualSerialPair;

/** The Win32 contract on Wine's kernel32, with two ptys bridged by {@link VirtualSerialPair} as COM30/COM31. */
class WineWin32ContractTest extends Win32ContractTest {
    private WineHost host;
    private WineWin32 wine;
    private VirtualSerialPair pair;

    @Override
    Win32 newKernel() throws Exception {
        host = WineHost.get();
        pair = VirtualSerialPair.open();
        host.linkComPort(30, pair.a().path());
        host.linkComPort(31, pair.b().path());
        wine = host.newWin32();
        return wine;
    }

    @Override
    String portA() {
        return "COM30";
    }

    @Override
    String portB() {
        return "COM31";
    }

    @Override
    void closeKernel() throws Exception {
        try {
            wine.close();
            wine.assertClean();
        } finally {
            pair.close();
            host.unlinkComPort(30);
            host.unlinkComPort(31);
        }
    }
}
