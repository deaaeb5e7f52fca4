package io.github.nettyserial.rig;

import io.github.nettyserial.rig.guest.SmokeInGuest;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Boots each QEMU rig machine once and reports the tests that ran inside it. Runs only with {@code mvn -Prig}.
 */
@Tag("rig")
class QemuRigTest {

    @TestFactory
    Stream<DynamicTest> uart8250() throws Exception {
        return QemuRig.machine("uart").run(Duration.ofMinutes(5), SmokeInGuest.class).asDynamicTests(1);
    }
}
