using System.Globalization;

namespace HealthMesh.Summarization.Coding;

/// <summary>
/// ICD-10-CM codes read from a file in the CMS "order file" layout: order number (5), space, code without dot (7),
/// space, header flag 0/1, space, short description (60), space, long description. The project ships a starter
/// table; the full CMS file can be configured in its place.
/// </summary>
public sealed class Icd10CodeTable
{
    public const string System = "http://hl7.org/fhir/sid/icd-10-cm";

    private readonly Dictionary<string, Icd10Code> codes;

    private Icd10CodeTable(Dictionary<string, Icd10Code> codes) => this.codes = codes;

    public int Count => codes.Count;

    /// <summary>Every row, in no particular order.</summary>
    public IEnumerable<Icd10Code> Codes => codes.Values;

    /// <exception cref="InvalidDataException">A line does not follow the order-file layout (the line number is named).</exception>
    public static Icd10CodeTable Parse(string content)
    {
        var codes = new Dictionary<string, Icd10Code>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var line in content.Split('\n'))
        {
            lineNumber++;
            var row = line.TrimEnd('\r');
            if (row.Length == 0)
            {
                continue;
            }

            if (row.Length < 17 || row[5] != ' ' || row[13] != ' ' || row[15] != ' ' || row[14] is not ('0' or '1')
                || !int.TryParse(row.AsSpan(0, 5), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new InvalidDataException($"ICD-10-CM order file line {lineNumber} is not in the order-file layout.");
            }

            var code = WithDot(row.Substring(6, 7).Trim());
            var shortDescription = row.Length > 16 ? row.Substring(16, Math.Min(60, row.Length - 16)).Trim() : string.Empty;
            var longDescription = row.Length > 77 ? row[77..].Trim() : shortDescription;
            codes[code] = new Icd10Code(code, row[14] == '1', shortDescription, longDescription);
        }

        return codes.Count == 0 ? throw new InvalidDataException("The ICD-10-CM order file has no codes.") : new Icd10CodeTable(codes);
    }

    public bool TryGet(string code, out Icd10Code found) => codes.TryGetValue(WithDot(code.Trim()), out found!);

    /// <summary>Order files write codes without the dot; notes and FHIR write it after the third character.</summary>
    public static string WithDot(string code) =>
        code.Contains('.') || code.Length <= 3 ? code.ToUpperInvariant() : $"{code[..3]}.{code[3..]}".ToUpperInvariant();
}
