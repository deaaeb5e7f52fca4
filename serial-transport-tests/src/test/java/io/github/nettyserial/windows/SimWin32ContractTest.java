package io.github.nettyserial.windows;

import io.github.nettyserial.windows.sim.SimKernel;

/** The Win32 contract on the simulated kernel, with the null-modem pair COM10/COM11. */
class SimWin32ContractTest extends Win32ContractTest {
    private SimKernel sim;

    @Override
    Win32 newKernel() {
        sim = new SimKernel();
        sim.createPair("COM10", "COM11");
        return sim;
    }

    @Override
    String portA() {
        return "COM10";
    }

    @Override
    String portB() {
        return "COM11";
    }

    @Override
    void closeKernel() {
        sim.shutdown();
        sim.assertClean();
    }
}
