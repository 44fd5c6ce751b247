namespace Neptune.Hosting.InProcess;
/// <summary>Marker so the project builds before its first type lands.</summary>
internal static class AssemblyMarker;
