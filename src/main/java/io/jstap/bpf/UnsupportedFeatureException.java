package io.jstap.bpf;

/** The running kernel lacks a feature: "ring buffer not supported (requires Linux >= 5.8)". */
public final class UnsupportedFeatureException extends BpfException {
  private static final long serialVersionUID = 1L;
  private final Feature feature;

  UnsupportedFeatureException(Feature feature, String message) {
    super(message);
    this.feature = feature;
  }

  public Feature feature() {
    return feature;
  }
}
