namespace HealthMesh.Inference.Models;

/// <summary>A model folder cannot serve: missing or unreadable file, or a manifest that does not match the graph.</summary>
public sealed class ModelContractException : Exception
{
    public ModelContractException(string folder, IReadOnlyList<string> problems, Exception? inner = null)
        : base($"Model folder '{folder}' cannot be used: {string.Join("; ", problems)}.", inner)
    {
        Folder = folder;
        Problems = problems;
    }

    public string Folder { get; }

    public IReadOnlyList<string> Problems { get; }
}
