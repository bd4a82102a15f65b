namespace HealthMesh.ServiceDefaults.Documents;

/// <summary>
/// Document references are derived from (workflow, name), so a service that knows the workflow and the document's
/// name (e.g. write-back reading <c>context</c>) needs no reference carried in its command.
/// </summary>
public static class ClinicalDocumentReference
{
    public const string Scheme = "hm-doc:";

    public static string For(Guid workflowId, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return $"{Scheme}{workflowId:N}/{name}";
    }
}
