/// The namespace of the EC2 API's request and response shapes, generated from botocore's service model.
///
/// Each structure of the model is a struct named exactly as in the model (`EC2.Vpc`, `EC2.CreateVpcRequest`,
/// `EC2.DescribeVpcsResult`), with its members as lowerCamelCase properties. Their declarations live in `Generated/`.
public enum EC2 {}
