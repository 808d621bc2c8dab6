import Testing
import HelmFunctions

@Test func registryIsAvailable() {
    #expect(SprigCryptoFunctions.all.count >= 0)
}
