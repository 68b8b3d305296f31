//! Tests of the Discord format on the project's own small inputs.
