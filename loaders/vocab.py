"""The cdt vocabulary as a closed namespace: a mistyped term fails at import.

Every term here is declared in ontology/cdt.ttl (a test checks both ways).
The terms of ../shared/ONTOLOGY.md come first; extensions follow, grouped by
what needs them. To add a term: add it here *and* to ontology/cdt.ttl.
"""
from rdflib import Literal, Namespace
from rdflib.namespace import DefinedNamespace, URIRef

CDT_IRI = "https://w3id.org/cdtkg/ontology#"
CDTR_IRI = "https://w3id.org/cdtkg/resource/"
SKOS_IRI = "http://www.w3.org/2004/02/skos/core#"
DCT_IRI = "http://purl.org/dc/terms/"
FOAF_IRI = "http://xmlns.com/foaf/0.1/"
RDF_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_IRI = "http://www.w3.org/2000/01/rdf-schema#"
OWL_IRI = "http://www.w3.org/2002/07/owl#"
XSD_IRI = "http://www.w3.org/2001/XMLSchema#"
SH_IRI = "http://www.w3.org/ns/shacl#"
CDTSH_IRI = "https://w3id.org/cdtkg/shapes#"      # the shapes of ontology/shapes.ttl

# The one prefix table: what every query may use without declaring, and what exports write.
PREFIXES: dict[str, str] = {
    "cdt": CDT_IRI, "cdtr": CDTR_IRI, "skos": SKOS_IRI, "dcterms": DCT_IRI, "foaf": FOAF_IRI,
    "rdf": RDF_IRI, "rdfs": RDFS_IRI, "owl": OWL_IRI, "xsd": XSD_IRI,
}

CDTR = Namespace(CDTR_IRI)


def zh(text: str) -> Literal:
    """A Chinese literal (`@zh`), as every Chinese text in the graph is."""
    return Literal(text, lang="zh")


class CDT(DefinedNamespace):
    _NS = Namespace(CDT_IRI)
    _fail = True

    # --- Documents and standards (ONTOLOGY.md) ---
    Document: URIRef
    Standard: URIRef
    TechnicalDocument: URIRef
    PolicyDocument: URIRef
    Guideline: URIRef
    standardNumber: URIRef
    baseNumber: URIRef
    planNumber: URIRef
    status: URIRef
    Published: URIRef
    Draft: URIRef
    Superseded: URIRef
    Planned: URIRef
    ingested: URIRef
    draftedBy: URIRef
    drafter: URIRef
    committee: URIRef
    TechnicalCommittee: URIRef
    # extensions
    ExplanatoryNote: URIRef          # 编制说明
    Status: URIRef                   # class of the four status individuals
    proposedBy: URIRef               # 提出 (agent)
    responsibleBody: URIRef          # 归口 (agent)
    Contribution: URIRef             # one drafting unit or drafter in printed order
    contributionTo: URIRef
    agent: URIRef
    position: URIRef
    role: URIRef                     # "drafting-unit" | "drafter"
    task: URIRef                     # what the contributor did (002)
    contributedTo: URIRef            # Contribution -> model element / clause it concerns
    affiliation: URIRef              # person -> organization (002)
    Change: URIRef                   # one technical change listed in a foreword
    changeKind: URIRef               # "renamed" | "added" | "removed" | "modified"
    oldLabel: URIRef
    newLabel: URIRef
    oldLocator: URIRef
    newLocator: URIRef
    changeAgainst: URIRef            # Change -> the replaced standard
    englishTitle: URIRef             # reserved; titles use dcterms:title @en
    draftStage: URIRef               # "征求意见稿" as printed
    kind: URIRef                     # manifest kind: standard | guideline | note
    sourceFile: URIRef
    DraftingEvent: URIRef            # dated event of a drafting history (002)
    eventDate: URIRef
    explains: URIRef                 # ExplanatoryNote -> the standard it explains
    # front matter of any standard (issue 18)
    ics: URIRef                      # "35.240.01", repeatable
    ccs: URIRef                      # "L67", repeatable
    effectiveDate: URIRef            # 实施日期 (xsd:date); 发布日期 is dcterms:issued
    adopts: URIRef                   # -> the international standard adopted
    adoptionDegree: URIRef           # "IDT" | "MOD" | "NEQ"
    gbt11Edition: URIRef             # "2009" | "2020": the GB/T 1.1 edition followed
    documentNumber: URIRef           # a non-standard document's number (运基信号〔2010〕267号)
    referenceKind: URIRef            # national | industry | local | group | … | policy-document

    # --- Inside a document (ONTOLOGY.md) ---
    Clause: URIRef
    AnnexNature: URIRef              # 规范性 / 资料性 of an annex (issue 18)
    Normative: URIRef
    Informative: URIRef
    annexNature: URIRef
    Paragraph: URIRef                # a paragraph of a clause with its modality (issue 18)
    paragraphOf: URIRef              # Paragraph -> its Clause (list items use inClause)
    inDocument: URIRef
    number: URIRef
    text: URIRef
    parent: URIRef
    Provision: URIRef
    inClause: URIRef
    marker: URIRef
    modality: URIRef
    Modality: URIRef
    Shall: URIRef
    ShallNot: URIRef
    Should: URIRef
    ShouldNot: URIRef
    May: URIRef
    NeedNot: URIRef
    Can: URIRef
    Cannot: URIRef
    Statement: URIRef
    cites: URIRef
    Citation: URIRef
    fromText: URIRef
    toStandard: URIRef
    citedLocator: URIRef
    citationKind: URIRef
    normativeReference: URIRef
    bibliographyEntry: URIRef
    # extensions
    parentProvision: URIRef          # nested 1) under a)
    order: URIRef                    # document order of a clause / provision
    Table: URIRef
    TableRow: URIRef
    TableCell: URIRef
    inTable: URIRef
    inRow: URIRef
    rowIndex: URIRef
    columnIndex: URIRef
    columnHeader: URIRef
    continued: URIRef                # table assembled from continuation chunks

    # --- Terms (ONTOLOGY.md) ---
    Concept: URIRef
    TermEntry: URIRef
    defines: URIRef
    sourceNote: URIRef
    sourceStandard: URIRef
    sourceClause: URIRef
    sourceRelation: URIRef
    SourceRelation: URIRef
    Identical: URIRef
    Modified: URIRef
    Abbreviation: URIRef
    abbreviation: URIRef
    expansion: URIRef

    # --- Framework (ONTOLOGY.md) ---
    FrameworkNode: URIRef
    Part: URIRef
    PlannedStandard: URIRef
    plannedUnder: URIRef
    RoadmapTarget: URIRef
    targetYear: URIRef
    minStandardCount: URIRef
    targetTopic: URIRef
    RoadmapTopic: URIRef
    relatedNode: URIRef
    addresses: URIRef
    CoverageMapping: URIRef
    mappedStandard: URIRef
    mappedTo: URIRef
    relationship: URIRef
    MappingRelationship: URIRef
    Equivalent: URIRef
    Subset: URIRef
    Superset: URIRef
    Intersects: URIRef
    mappingMethod: URIRef
    score: URIRef
    rationale: URIRef
    # extensions
    fulfilledBy: URIRef              # PlannedStandard -> Standard/TechnicalDocument fulfilling it
    depth: URIRef                    # depth of a framework node (Part = 1)
    followsExternal: URIRef          # note: follows national standards outside this system
    otherGoal: URIRef                # RoadmapTarget: goals other than standards (cases, platform…)
    topicOrder: URIRef

    # --- Reference model (ONTOLOGY.md) ---
    ModelElement: URIRef
    Layer: URIRef
    SupportSystem: URIRef
    Component: URIRef
    Perspective: URIRef
    dependsOn: URIRef
    constrains: URIRef
    composedOf: URIRef
    specifiedBy: URIRef
    # extensions
    Aggregate: URIRef                # 城市数字底座, 城市智能中枢: made of layers
    specifiedByProvision: URIRef     # ModelElement -> the list item stating its requirements (7.3.1 a) 身份认证)

    # --- Maturity model (ONTOLOGY.md) ---
    MaturityLevel: URIRef
    levelNumber: URIRef
    cityCategory: URIRef
    CapabilityDomain: URIRef
    CapabilitySubdomain: URIRef
    CapabilityItem: URIRef
    LevelFeature: URIRef
    ofItem: URIRef
    atLevel: URIRef
    table: URIRef
    inFeature: URIRef

    # --- Design method (004) extensions ---
    MethodPhase: URIRef
    MethodStep: URIRef
    inPhase: URIRef
    stepNumber: URIRef
    BTEDimension: URIRef
    Principle: URIRef
    OperationModel: URIRef
    planningPeriod: URIRef
    planningPeriodMinYears: URIRef   # xsd:integer lower bound of planningPeriod (3 in 3年～5年)
    planningPeriodMaxYears: URIRef   # xsd:integer upper bound of planningPeriod (5 in 3年～5年)
    Activity: URIRef
    forStep: URIRef
    input: URIRef
    output: URIRef
    SystemPart: URIRef               # a part 01–07 of 004's own standards system

    # --- Alignment and provenance (ONTOLOGY.md) ---
    sourceDocument: URIRef
    locator: URIRef
    # extensions
    sourceLine: URIRef               # 1-based line in the corpus file
    sourcePage: URIRef               # 1-based page of a paginated source (PDF)
    AlignmentMapping: URIRef         # a curated or derived skos match with its rationale
    matchSubject: URIRef
    matchObject: URIRef
    matchProperty: URIRef

    # --- The committee's work programme (loaders/plan_projects.py) ---
    StandardsProject: URIRef
    ProjectStage: URIRef
    ProjectStages: URIRef
    StagePreliminary: URIRef
    StageApproved: URIRef
    StageDrafting: URIRef
    StageConsultation: URIRef
    StageReview: URIRef
    StageApproval: URIRef
    StagePublished: URIRef
    StageTerminated: URIRef
    StagePostponed: URIRef
    stageOrder: URIRef
    projectStage: URIRef
    stageDate: URIRef
    startDate: URIRef
    dueDate: URIRef
    cycleMonths: URIRef
    deliverableKind: URIRef
    projectName: URIRef
    projectCode: URIRef
    competentDepartment: URIRef
