using System.Text.Json;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace HealthMesh.AllInOne.Process;

public static class InputFolder
{
    /// <summary>Every file of the folder (sorted, not recursive), parsed strictly as FHIR R4 JSON with the Firely SDK.</summary>
    public static async Task<IReadOnlyList<InputFile>> ReadAsync(DirectoryInfo folder, CancellationToken cancellationToken)
    {
        var files = new List<InputFile>();
        foreach (var path in Directory.EnumerateFiles(folder.FullName).Order(StringComparer.Ordinal))
        {
            files.Add(await ReadAsync(path, cancellationToken));
        }

        return files;
    }

    private static async Task<InputFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            return new InputFile(path, FhirJson.Parse(text), null);
        }
        catch (DeserializationFailedException ex)
        {
            return new InputFile(path, null, $"not valid FHIR R4 JSON: {FhirJson.DescribeWithoutValues(ex)}");
        }
        catch (JsonException ex)
        {
            return new InputFile(path, null, $"not JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine})");
        }
        catch (IOException ex)
        {
            return new InputFile(path, null, $"cannot be read: {ex.Message}");
        }
    }
}
