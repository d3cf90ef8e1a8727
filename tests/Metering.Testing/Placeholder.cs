namespace Metering.Testing; internal static class Placeholder;
