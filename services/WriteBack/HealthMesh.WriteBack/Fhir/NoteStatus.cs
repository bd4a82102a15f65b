namespace HealthMesh.WriteBack.Fhir;

public enum NoteStatus
{
    /// <summary>An unreviewed draft (e.g. rendered by <c>healthmesh process</c>): Composition/DocumentReference status preliminary.</summary>
    Preliminary,

    /// <summary>Approved by a reviewer: status final, the reviewer attests and verifies.</summary>
    Final,
}
