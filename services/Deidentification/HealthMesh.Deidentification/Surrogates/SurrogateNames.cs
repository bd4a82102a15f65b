namespace HealthMesh.Deidentification.Surrogates;

/// <summary>
/// The names surrogates are drawn from. Chosen to be unremarkable as names yet unlikely as ordinary or medical words,
/// so re-identification can put real names back exactly where a surrogate stands.
/// </summary>
public static class SurrogateNames
{
    public static readonly IReadOnlyList<string> Given =
    [
        "Adelina", "Bartholomew", "Cordelia", "Desmond", "Evangeline", "Fitzgerald", "Genevieve", "Horatio",
        "Isadora", "Jasper", "Kerensa", "Leopold", "Marisol", "Nathaniel", "Octavia", "Percival",
        "Quentin", "Rosalind", "Sebastian", "Theodora", "Ulysses", "Valentina", "Wilhelmina", "Xavier",
        "Yolanda", "Zachariah", "Anselm", "Beatrix", "Cassius", "Dorothea", "Emmeline", "Florian",
        "Griselda", "Hyacinth", "Ignatius", "Juniper", "Lysander", "Millicent", "Nikolai", "Ophelia",
        "Philippa", "Rasmus", "Seraphina", "Tobias", "Ursula", "Wendeline", "Ximena", "Zenobia",
    ];

    public static readonly IReadOnlyList<string> Family =
    [
        "Ashcombe", "Blackwood", "Carrowmore", "Dunleavy", "Ellsworth", "Fairweather", "Glenister", "Hollingsworth",
        "Ingleby", "Jessamy", "Kettleby", "Lockhart", "Merriweather", "Northcott", "Oakenshaw", "Pemberton",
        "Quillfeather", "Ravensworth", "Stanbury", "Thistlewood", "Underhill", "Vandermeer", "Whitcombe", "Yardley",
        "Abernethy", "Braithwaite", "Cholmondeley", "Drummond", "Eversleigh", "Fotheringham", "Greystoke", "Harrowgate",
        "Islington", "Kinnaird", "Lindqvist", "Montgomery", "Nettleship", "Ormsby", "Pettigrew", "Rutherford",
        "Sedgwick", "Tolliver", "Umfreville", "Wetherby", "Winterbourne", "Yelverton", "Zabriskie", "Ackerley",
    ];
}
