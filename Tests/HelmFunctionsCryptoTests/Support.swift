import GoTemplate
@testable import HelmFunctions

/// Calls the crypto-family function `name` as a template would (piped value last).
func call(_ name: String, _ arguments: TemplateValue...) throws -> TemplateValue {
    guard let function = SprigCryptoFunctions.all[name] else {
        throw TemplateFunctionError("no function \(name)")
    }
    return try function(arguments)
}

/// Calls `name` and returns its string result ("" when it is not a string).
func callString(_ name: String, _ arguments: TemplateValue...) throws -> String {
    guard let function = SprigCryptoFunctions.all[name] else {
        throw TemplateFunctionError("no function \(name)")
    }
    return try function(arguments).stringValue ?? ""
}

/// The message of the error `body` throws, or nil.
func errorMessage(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return "\(error)"
    }
}
