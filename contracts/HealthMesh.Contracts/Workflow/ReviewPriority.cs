namespace HealthMesh.Contracts;

public enum ReviewPriority
{
    Routine,

    /// <summary>The draft carries a critical finding (e.g. pneumothorax) and goes to the top of the queue.</summary>
    Critical,
}
