module weft.io/cni

go 1.19
