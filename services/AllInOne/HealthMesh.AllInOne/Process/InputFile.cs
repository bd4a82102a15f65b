using Hl7.Fhir.Model;

namespace HealthMesh.AllInOne.Process;

/// <summary>One file of the input folder: the FHIR resource it holds, or why it cannot be read as FHIR.</summary>
public sealed record InputFile(string Path, Resource? Resource, string? Error)
{
    public string Name => System.IO.Path.GetFileName(Path);

    public string Stem => System.IO.Path.GetFileNameWithoutExtension(Path);
}
