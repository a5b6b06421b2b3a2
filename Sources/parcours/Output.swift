import Foundation
import ParcoursCore
import ParcoursReports

func printJSON(_ value: JSONValue) throws {
    print(try value.encoded())
}
